import Foundation
import LedgerCore

/// The filters every usage and cost read shares.
enum UsageFilterParameters {
    static let startDate = QueryParameter.date("start_date", "Events at or after this time (ISO 8601)")
    static let endDate = QueryParameter.date("end_date", "Events before this time (ISO 8601)")
    static let provider = QueryParameter.texts("provider", "Only these providers")
    static let model = QueryParameter.texts("model", "Only these models")
    static let endpoint = QueryParameter.texts("endpoint", "Only these endpoints")
    static let project = QueryParameter.texts("project", "Only these projects")
    static let apiKey = QueryParameter.ids("api_key", "Only events recorded with these API key ids")
    static let status = QueryParameter<UsageEvent.Status?>.choice("status", "Only successful or only failed calls")
    static let organization = QueryParameter.text(
        "organization_id", "Optional: the caller's own organization (id or slug); any other answers 422")

    static let parameters: [any DeclaredQueryParameter] = [
        startDate, endDate, provider, model, endpoint, project, apiKey, status, organization,
    ]

    static func filter(_ query: QueryValues) throws -> UsageFilter {
        UsageFilter(
            range: try DateRange(start: query[startDate], end: query[endDate]), providers: try query[provider],
            models: try query[model], endpoints: try query[endpoint], projects: try query[project],
            apiKeys: try query[apiKey].map(APIKeyID.init), status: try query[status], statedOrganization: try query[organization])
    }
}

/// A usage listing as JSON, or every matching event as a CSV download.
public enum ExportFormat: String, Sendable, CaseIterable {
    case json, csv

    static let parameter = QueryParameter.choice("format", "csv streams every matching event as a file", default: ExportFormat.json)
}
