public import Foundation

/// Where a budget stands in its current period, from its spend so far.
public struct BudgetStatus: Sendable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Below every alert threshold.
        case ok
        /// At or past an alert threshold below 100%.
        case warning
        /// At or past the limit.
        case exceeded
    }

    public var window: DateInterval
    public var spentNanos: NanoUSD
    public var limitNanos: NanoUSD
    /// Spend as a percentage of the limit, in hundredths (4567 is 45.67%).
    public var percentHundredths: Int64
    public var remainingNanos: NanoUSD
    /// The spend at the period's end if it goes on at the rate so far.
    public var projectedNanos: NanoUSD
    /// When the spend reaches the limit at that rate; nil when it has or will not in the period.
    public var projectedExhaustion: Date?
    public var state: State
    /// The thresholds reached in this period.
    public var reached: [Int]

    public init(budget: Budget, window: DateInterval, spentNanos: NanoUSD, now: Date) {
        self.window = window
        self.spentNanos = spentNanos
        limitNanos = budget.limitNanos
        percentHundredths = Self.clamped(Int128(spentNanos) * 10_000 / Int128(max(budget.limitNanos, 1)))
        remainingNanos = max(budget.limitNanos - spentNanos, 0)
        reached = budget.firingThresholds.filter { Self.reaches(spentNanos, threshold: $0, of: budget.limitNanos) }
        state =
            if reached.contains(where: { $0 >= 100 }) { .exceeded }
            else if !reached.isEmpty { .warning }
            else { .ok }
        // Whole milliseconds, so the rate stays in integers: money is never a Double.
        let total = Int128(max(window.duration, 0) * 1000)
        let elapsed = Int128(min(max(now.timeIntervalSince(window.start), 0), window.duration) * 1000)
        projectedNanos = elapsed > 0 ? Self.clamped(Int128(spentNanos) * total / elapsed) : spentNanos
        if spentNanos > 0, spentNanos < budget.limitNanos, elapsed > 0 {
            let reachedAt = Int128(budget.limitNanos) * elapsed / Int128(spentNanos)
            projectedExhaustion = reachedAt < total ? window.start.addingTimeInterval(Double(reachedAt) / 1000) : nil
        }
    }

    /// `45.67`: the percentage with two decimals.
    public var percent: String {
        let sign = percentHundredths < 0 ? "-" : ""
        let magnitude = percentHundredths.magnitude
        let fraction = String(magnitude % 100)
        return sign + String(magnitude / 100) + "." + String(repeating: "0", count: 2 - fraction.count) + fraction
    }

    /// Whether `spent` is at least `threshold`% of `limit`, exactly.
    public static func reaches(_ spent: NanoUSD, threshold: Int, of limit: NanoUSD) -> Bool {
        Int128(spent) * 100 >= Int128(limit) * Int128(threshold)
    }

    private static func clamped(_ value: Int128) -> Int64 {
        Int64(clamping: value)
    }
}
