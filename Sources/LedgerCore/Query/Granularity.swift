import Foundation

/// The width of a trend's buckets, in the organization's time zone.
public enum Granularity: String, Sendable, CaseIterable, Codable {
    case hour, day, week, month, year

    /// More buckets than this in one trend is a mistake (an hourly trend over years).
    public static let maximumBuckets = 2000

    /// The shortest a bucket can be, to bound how many a window holds.
    var shortestSeconds: TimeInterval {
        switch self {
        case .hour: 3600
        case .day: 86400
        case .week: 7 * 86400
        case .month: 28 * 86400
        case .year: 365 * 86400
        }
    }

    /// Refuses a window with more than `maximumBuckets` buckets of this width.
    public func checkBucketCount(in window: TimeWindow) throws(LedgerError) {
        if window.end.timeIntervalSince(window.start) / shortestSeconds > Double(Self.maximumBuckets) {
            throw .badRequest(
                code: "INVALID_DATE_RANGE", message: "That range has more than \(Self.maximumBuckets) \(rawValue) buckets")
        }
    }
}
