import Foundation
import LedgerCore

/// LLMScope's `/analytics/metrics` and `/analytics/costs` bound the window with `start_time`
/// and `end_time`.
enum LLMScopeQuery: SeedQueryAdapter {
    static let startTime = QueryParameter.date("start_time", "LLMScope's name for start_date")
    static let endTime = QueryParameter.date("end_time", "LLMScope's name for end_date")
    static let parameters: [any DeclaredQueryParameter] = [startTime, endTime]

    static func adapt(_ filter: inout UsageFilter, from query: QueryValues, now: Date) throws {
        if let end = try query[endTime] {
            guard filter.range.end == nil else {
                throw LedgerError.badRequest(code: "INVALID_DATE_RANGE", message: "end_time states the end again: send it or end_date, not both")
            }
            filter.range = try DateRange(start: filter.range.start, end: end, names: ("start_date", "end_time"))
        }
        if let start = try query[startTime] { try AnalyticsFilterParameters.start(start, "start_time", in: &filter) }
    }
}
