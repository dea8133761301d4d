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

    /// These totals and `other`'s, under this group; a sum past 64 bits is refused, not wrapped.
    public func adding(_ other: UsageTotals) throws(LedgerError) -> UsageTotals {
        var sum = self
        sum.requests = try requests.checkedAdding(other.requests)
        sum.errors = try errors.checkedAdding(other.errors)
        sum.unpriced = try unpriced.checkedAdding(other.unpriced)
        sum.inputTokens = try inputTokens.checkedAdding(other.inputTokens)
        sum.outputTokens = try outputTokens.checkedAdding(other.outputTokens)
        sum.costNanos = try costNanos.checkedAdding(other.costNanos)
        sum.latencySumMs = try latencySumMs.checkedAdding(other.latencySumMs)
        sum.latencyCount = try latencyCount.checkedAdding(other.latencyCount)
        for index in sum.latency.counts.indices {
            sum.latency.counts[index] = try latency.counts[index].checkedAdding(other.latency.counts[index])
        }
        return sum
    }
}
