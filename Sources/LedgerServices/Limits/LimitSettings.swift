public import LedgerCore
import Logging

/// How the rate limiter and the event quotas behave (docs/LIMITS.md).
public struct LimitSettings: Sendable {
    public var enabled = true
    /// The plan of a new organization whose creator names none: unlimited, so that a
    /// self-hosted install is not capped; a SaaS operator sets `free`.
    public var defaultPlan = Plan.unlimited
    /// Each plan's limits; an operator's override replaces parts of them per organization.
    public var plans: [Plan: OrganizationLimits] = Dictionary(uniqueKeysWithValues: Plan.allCases.map { ($0, .shipped($0)) })
    /// When the limiter's store (PostgreSQL) cannot be reached: admit (`true`) or answer 503.
    public var failOpen = true
    /// How long a replica trusts an organization's limits before reading them again; the
    /// replica that changes them forgets them at once.
    public var cacheLifetime: Duration = .seconds(10)

    public init() {}

    public func limits(plan: Plan, override: LimitOverride) -> OrganizationLimits {
        override.applied(to: plans[plan] ?? .shipped(plan))
    }

    /// What `failOpen` decides when `component` could not reach PostgreSQL: carry on (and
    /// say so in the log), or refuse with 503.
    func whenStoreUnreachable(_ error: any Error, by component: String, logger: Logger) throws(LedgerError) {
        logger.warning("\(component) cannot reach its store", metadata: ["error": "\(error)", "fail_open": "\(failOpen)"])
        guard failOpen else { throw .unavailable("\(component.prefix(1).uppercased() + component.dropFirst()) cannot reach its store; retry later") }
    }
}

/// The answer to one request's admission, for its `X-RateLimit-*` and `RateLimit` headers:
/// the bucket with the fewest tokens left.
public struct RateLimitStatus: Sendable, Equatable {
    public let policy: RatePolicy
    public let remaining: Int
    /// When the bucket is full again, seconds since the epoch.
    public let resetAt: Int64
    /// Seconds until then.
    public let resetSeconds: Int
}

/// One request's admission: the status for its headers, and, when refused, the seconds to
/// wait (`Retry-After`).
public struct RateLimitDecision: Sendable, Equatable {
    public let status: RateLimitStatus
    public let retryAfterSeconds: Int?
}
