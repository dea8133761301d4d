/// What re-pricing a window changed.
public struct RepricingSummary: Sendable, Equatable {
    public var events = 0
    public var changed = 0
    public var newlyPriced = 0
    public var stillUnpriced = 0
    /// Events the catalog now in effect would price past the per-record maximum; they keep
    /// the cost they had.
    public var outOfRange = 0
    public var beforeNanos: NanoUSD = 0
    public var afterNanos: NanoUSD = 0

    public init() {}
}
