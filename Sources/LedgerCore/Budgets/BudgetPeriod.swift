public import Foundation

/// When a budget's spend starts again from zero: calendar periods in the organization's time
/// zone (weeks start on Monday), or one fixed range.
public enum BudgetPeriod: Sendable, Equatable {
    case daily, weekly, monthly, quarterly, yearly
    case fixed(start: Date, end: Date)

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case daily, weekly, monthly, quarterly, yearly, custom
    }

    public var kind: Kind {
        switch self {
        case .daily: .daily
        case .weekly: .weekly
        case .monthly: .monthly
        case .quarterly: .quarterly
        case .yearly: .yearly
        case .fixed: .custom
        }
    }

    /// A recurring period by name (`custom` needs its range: `fixed`).
    public init?(recurring kind: Kind) {
        switch kind {
        case .daily: self = .daily
        case .weekly: self = .weekly
        case .monthly: self = .monthly
        case .quarterly: self = .quarterly
        case .yearly: self = .yearly
        case .custom: return nil
        }
    }

    /// The period that contains `instant`, in `timeZone`. A fixed range is its own window.
    public func window(containing instant: Date, in timeZone: TimeZone) -> DateInterval {
        if case .fixed(let start, let end) = self { return DateInterval(start: start, end: max(start, end)) }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        let (unit, length): (Calendar.Component, Int) =
            switch self {
            case .daily: (.day, 1)
            case .weekly: (.weekOfYear, 1)
            case .quarterly: (.month, 3)
            case .yearly: (.year, 1)
            case .monthly, .fixed: (.month, 1)
            }
        var start = calendar.dateInterval(of: unit, for: instant)?.start ?? instant
        if case .quarterly = self {
            let month = calendar.component(.month, from: start)
            start = calendar.date(byAdding: .month, value: -((month - 1) % 3), to: start) ?? start
        }
        let end = calendar.date(byAdding: unit == .weekOfYear ? .day : unit, value: unit == .weekOfYear ? 7 : length, to: start)
            ?? start.addingTimeInterval(86400)
        return DateInterval(start: start, end: end)
    }
}
