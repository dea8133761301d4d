/// Sums over usage; two totals add up to the totals of both.
public struct UsageTotals: Sendable, Equatable {
    public static let zero = UsageTotals(group: [:])

    /// The values of the dimensions these totals are grouped by.
    public var group: [UsageDimension: String]
    public var requests: Int64 = 0
    public var errors: Int64 = 0
    public var unpriced: Int64 = 0
    public var inputTokens: Int64 = 0
    public var outputTokens: Int64 = 0
    public var costNanos: NanoUSD = 0
    public var latencySumMs: Int64 = 0
    public var latencyCount: Int64 = 0
    public var latency = LatencyHistogram()

    public init(group: [UsageDimension: String]) {
        self.group = group
    }

    public var averageLatencyMs: Double? {
        latencyCount == 0 ? nil : Double(latencySumMs) / Double(latencyCount)
    }

    /// These totals and `other`'s, under this group.
    public func adding(_ other: UsageTotals) -> UsageTotals {
        var sum = self
        sum.requests += other.requests
        sum.errors += other.errors
        sum.unpriced += other.unpriced
        sum.inputTokens += other.inputTokens
        sum.outputTokens += other.outputTokens
        sum.costNanos += other.costNanos
        sum.latencySumMs += other.latencySumMs
        sum.latencyCount += other.latencyCount
        sum.latency.counts = zip(latency.counts, other.latency.counts).map { $0 + $1 }
        return sum
    }
}
