import Foundation
import LedgerCore

/// Cost Katana's `/analytics/intelligent` and `/monitoring/status` take a `timeframe` (the last
/// day, week, month or year, in either of its spellings), a `projectId` and
/// `includeForecasting`.
enum CostKatanaQuery: SeedQueryAdapter {
    enum Timeframe: String, Sendable, CaseIterable {
        case day, week, month, year, daily, weekly, monthly

        var seconds: TimeInterval {
            switch self {
            case .day, .daily: 86_400
            case .week, .weekly: 7 * 86_400
            case .month, .monthly: 30 * 86_400
            case .year: 365 * 86_400
            }
        }
    }

    static let timeframe = QueryParameter<Timeframe?>.choice(
        "timeframe", "Cost Katana: the window is the last day, week, month (30 days) or year, ending now")
    static let projectID = QueryParameter.texts("projectId", "Cost Katana's name for project")
    static let includeForecasting = QueryParameter.boolean(
        "includeForecasting", "Cost Katana: accepted; forecasts are not computed yet, so the answer has none", default: false)
    static let parameters: [any DeclaredQueryParameter] = [timeframe, projectID, includeForecasting]

    static func adapt(_ filter: inout UsageFilter, from query: QueryValues, now: Date) throws {
        filter.projects += try query[projectID]
        _ = try query[includeForecasting]
        if let timeframe = try query[timeframe] {
            try AnalyticsFilterParameters.start(now.addingTimeInterval(-timeframe.seconds), "timeframe", in: &filter)
        }
    }
}
