public import Foundation

/// The UTC calendar month an event quota counts in.
public struct QuotaMonth: Sendable, Equatable {
    /// `YYYY-MM-01`.
    public let key: String
    public let start: Date
    /// The next month's start, when the count begins again.
    public let end: Date

    public init(containing date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: date)
        start = calendar.date(from: parts)!
        end = calendar.date(byAdding: .month, value: 1, to: start)!
        key = String(format: "%04d-%02d-01", parts.year!, parts.month!)
    }
}
