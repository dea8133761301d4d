public import LedgerCore

/// A bucket's rate, with its `X-RateLimit-Limit` text written once per rate, not per request.
public final class RatePolicy: Sendable, Equatable {
    public let scope: RateScope
    public let rate: RequestRate
    public let limitField: String

    init(_ scope: RateScope, rate: RequestRate) {
        self.scope = scope
        self.rate = rate
        limitField = String(rate.limit)
    }

    public var name: String { scope.policy }

    public static func == (lhs: RatePolicy, rhs: RatePolicy) -> Bool {
        lhs.scope == rhs.scope && lhs.rate == rhs.rate
    }
}
