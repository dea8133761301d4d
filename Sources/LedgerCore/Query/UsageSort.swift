/// The order of a numbered usage listing.
public struct UsageSort: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        case timestamp, model, endpoint
        case totalCost = "total_cost"
        case totalTokens = "total_tokens"
        case latencyMs = "latency_ms"
    }

    public static let newestFirst = UsageSort(key: .timestamp, descending: true)

    public var key: Key
    public var descending: Bool

    public init(key: Key, descending: Bool) {
        self.key = key
        self.descending = descending
    }
}
