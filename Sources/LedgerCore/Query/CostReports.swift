public import Foundation

/// Grouped totals over a window and their sum, with the cost the organization's setting names.
public struct CostAggregate: Sendable {
    public var window: TimeWindow
    public var groupBy: [UsageDimension]
    public var costSource: CostSource
    public var totals: UsageTotals
    public var groups: [UsageTotals]

    public init(window: TimeWindow, groupBy: [UsageDimension], costSource: CostSource, groups: [UsageTotals]) throws(LedgerError) {
        self.window = window
        self.groupBy = groupBy
        self.costSource = costSource
        var totals = UsageTotals.zero
        for group in groups { totals = try totals.adding(group) }
        self.totals = totals
        self.groups = groups
    }
}

/// One bucket of a cost trend.
public struct TrendBucket: Sendable, Equatable {
    public var start: Date
    public var requests: Int64
    public var tokens: Int64
    public var costNanos: NanoUSD

    public init(start: Date, requests: Int64, tokens: Int64, costNanos: NanoUSD) {
        self.start = start
        self.requests = requests
        self.tokens = tokens
        self.costNanos = costNanos
    }
}

/// Cost over time in the organization's time zone; empty buckets are zero.
public struct CostTrend: Sendable {
    public var granularity: Granularity
    public var timeZone: String
    public var costSource: CostSource
    public var buckets: [TrendBucket]

    public init(granularity: Granularity, timeZone: String, costSource: CostSource, buckets: [TrendBucket]) {
        self.granularity = granularity
        self.timeZone = timeZone
        self.costSource = costSource
        self.buckets = buckets
    }
}
