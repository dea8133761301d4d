public import Foundation

/// Optional bounds [start, end) on a time column. The one rule every range shares: its start
/// is not after its end.
public struct DateRange: Sendable, Equatable {
    public static let unbounded = DateRange(validStart: nil, end: nil)

    public let start: Date?
    public let end: Date?

    /// `names` are the fields the caller used for the bounds, for the error.
    public init(start: Date?, end: Date?, names: (start: String, end: String) = ("start_date", "end_date")) throws(LedgerError) {
        if let start, let end, start > end {
            throw .badRequest(
                code: "INVALID_DATE_RANGE", message: "\(names.start) must not be after \(names.end)",
                details: [names.start: start.formatted(.iso8601), names.end: end.formatted(.iso8601)])
        }
        self.init(validStart: start, end: end)
    }

    private init(validStart start: Date?, end: Date?) {
        self.start = start
        self.end = end
    }

    /// Closed bounds: the end defaults to now and the start to `defaultLength` before the end.
    public func window(defaultLength: TimeInterval = 30 * 86400, now: Date = Date()) throws(LedgerError) -> TimeWindow {
        let end = end ?? now
        return try TimeWindow(start: start ?? end.addingTimeInterval(-defaultLength), end: end)
    }
}

/// A closed span [start, end), as analytics read it.
public struct TimeWindow: Sendable, Equatable {
    public let start: Date
    public let end: Date

    public init(start: Date, end: Date) throws(LedgerError) {
        let range = try DateRange(start: start, end: end)
        self.start = range.start!
        self.end = range.end!
    }

    /// The whole UTC days inside the window, if there are any.
    public var wholeUTCDays: (start: Date, end: Date)? {
        let day: TimeInterval = 86400
        let first = (start.timeIntervalSince1970 / day).rounded(.up) * day
        let last = (end.timeIntervalSince1970 / day).rounded(.down) * day
        return first < last ? (Date(timeIntervalSince1970: first), Date(timeIntervalSince1970: last)) : nil
    }
}
