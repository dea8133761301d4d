public import Foundation

/// When a failed delivery is tried again. The default schedule spreads seven retries over
/// about 36 hours (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h), each moved by up to ±`jitter`
/// so that the retries of many deliveries that failed together do not arrive together.
public struct WebhookRetryPolicy: Sendable, Equatable {
    public var delays: [TimeInterval]
    public var jitter: Double
    /// The longest `Retry-After` honoured: a receiver cannot park a delivery for a week.
    public var longestRetryAfter: TimeInterval

    public init(
        delays: [TimeInterval] = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400], jitter: Double = 0.1,
        longestRetryAfter: TimeInterval = 86_400
    ) {
        self.delays = delays
        self.jitter = jitter
        self.longestRetryAfter = longestRetryAfter
    }

    public enum Decision: Sendable, Equatable {
        case delivered
        case retry(at: Date)
        /// The last retry failed: the delivery fails and the endpoint is turned off as failing.
        case exhausted
        /// The receiver answered 410 Gone: it asked to hear no more.
        case gone

        /// The attempt's outcome as the metrics name it.
        public var outcome: String {
            switch self {
            case .delivered: "delivered"
            case .retry: "retrying"
            case .exhausted: "exhausted"
            case .gone: "gone"
            }
        }
    }

    /// What follows attempt `number` (1 for the first) that ended with `statusCode` (nil: no
    /// answer). `retryAfter` is the receiver's `Retry-After` in seconds; `random` is in [0, 1).
    public func decision(
        afterAttempt number: Int, statusCode: Int?, retryAfter: TimeInterval?, now: Date, random: Double
    ) -> Decision {
        if let statusCode, (200..<300).contains(statusCode) { return .delivered }
        if statusCode == 410 { return .gone }
        guard number >= 1, number <= delays.count else { return .exhausted }
        let scheduled = delays[number - 1] * (1 + jitter * (2 * random - 1))
        let asked = min(max(retryAfter ?? 0, 0), longestRetryAfter)
        return .retry(at: now.addingTimeInterval(max(scheduled, asked)))
    }

    /// A `Retry-After` value (RFC 9110 §10.2.3): delay seconds or an HTTP date.
    public static func retryAfterSeconds(_ value: String, now: Date) -> TimeInterval? {
        let text = value.trimmingHeaderWhitespace()
        if let seconds = Int(text) { return seconds >= 0 ? TimeInterval(seconds) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: String(text)).map { max($0.timeIntervalSince(now), 0) }
    }
}
