/// What re-pricing a window changed.
public struct RepricingSummary: Sendable, Equatable {
    public var events: Int
    public var changed: Int
    public var newlyPriced: Int
    public var stillUnpriced: Int
    public var beforeNanos: NanoUSD
    public var afterNanos: NanoUSD

    public init(events: Int, changed: Int, newlyPriced: Int, stillUnpriced: Int, beforeNanos: NanoUSD, afterNanos: NanoUSD) {
        self.events = events
        self.changed = changed
        self.newlyPriced = newlyPriced
        self.stillUnpriced = stillUnpriced
        self.beforeNanos = beforeNanos
        self.afterNanos = afterNanos
    }
}
