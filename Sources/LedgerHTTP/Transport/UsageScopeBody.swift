import LedgerCore
import OpenAPIKit

/// The scope of a budget or an alert rule, on the wire.
struct UsageScopeBody: Codable, Sendable, Equatable {
    var projects: [String]?
    var providers: [String]?
    var models: [String]?
    var endpoints: [String]?
    var apiKeyIds: [APIKeyID]?
    var endUsers: [String]?

    init(_ scope: UsageScope) {
        projects = scope.projects
        providers = scope.providers
        models = scope.models
        endpoints = scope.endpoints
        apiKeyIds = scope.apiKeys
        endUsers = scope.endUsers
    }

    var scope: UsageScope {
        UsageScope(
            projects: projects ?? [], providers: providers ?? [], models: models ?? [], endpoints: endpoints ?? [],
            apiKeys: apiKeyIds ?? [], endUsers: endUsers ?? [])
    }

    static func schema(required: Bool) -> JSONSchema {
        let values = JSONSchema.array(
            required: false, maxItems: UsageScope.maximumValues, items: .string(minLength: 1, maxLength: 200, pattern: #"^[^\u0000]*$"#))
        return .object(
            required: required, description: "The usage counted; each list given narrows it (absent or empty: all)",
            properties: [
                "projects": values, "providers": values, "models": values, "endpoints": values, "end_users": values,
                "api_key_ids": .array(required: false, maxItems: UsageScope.maximumValues, items: Schemas.uuid),
            ])
    }
}
