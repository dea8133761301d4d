import Foundation
import LedgerCore

/// Token Optimizer's metrics calls (summary, by model, by endpoint) take a `granularity` whose
/// start "defaults based on granularity": without a start, the window is the current hour, day,
/// week, month or year so far (UTC).
enum TokenOptimizerQuery: SeedQueryAdapter {
    static let granularity = QueryParameter<Granularity?>.choice(
        "granularity", "Token Optimizer: without start_date, the window is the current hour, day, week, month or year so far (UTC)")
        .code("INVALID_GRANULARITY")
    static let parameters: [any DeclaredQueryParameter] = [granularity]

    static func adapt(_ filter: inout UsageFilter, from query: QueryValues, now: Date) throws {
        guard let granularity = try query[granularity], filter.range.start == nil else { return }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let component: Calendar.Component = switch granularity {
        case .hour: .hour
        case .day: .day
        case .week: .weekOfYear
        case .month: .month
        case .year: .year
        }
        guard let start = calendar.dateInterval(of: component, for: now)?.start else { return }
        try AnalyticsFilterParameters.start(start, "granularity", in: &filter)
    }
}
