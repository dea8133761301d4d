public import LedgerCore
public import LedgerStore
import Synchronization

/// Each organization's effective limits (its plan's, with its operator's override), read once
/// per `settings.cacheLifetime` per replica.
public final class OrganizationLimitsCache: Sendable {
    let database: Database
    let settings: LimitSettings
    private let cache = Mutex<[OrgID: (plan: Plan, limits: OrganizationLimits, readAt: ContinuousClock.Instant)]>([:])

    public init(database: Database, settings: LimitSettings) {
        self.database = database
        self.settings = settings
    }

    public func limits(of org: OrgID) async throws -> OrganizationLimits {
        if let cached = cachedLimits(of: org) { return cached }
        let now = ContinuousClock.now
        guard let found = try await RateLimitRepository(database).limits(of: org) else {
            throw LedgerError.notFound(OrganizationEntity.self)
        }
        let limits = settings.limits(plan: found.plan, override: found.override)
        cache.withLock { $0[org] = (found.plan, limits, now) }
        return limits
    }

    /// The limits if they were read less than `settings.cacheLifetime` ago, without waiting.
    public func cachedLimits(of org: OrgID) -> OrganizationLimits? {
        guard let cached = cache.withLock({ $0[org] }), ContinuousClock.now - cached.readAt < settings.cacheLifetime else { return nil }
        return cached.limits
    }

    /// The organization's plan as last read, for the messages of refusals.
    public func cachedPlan(of org: OrgID) -> Plan? {
        cache.withLock { $0[org]?.plan }
    }

    /// After a change of plan or override on this replica.
    public func forget(_ org: OrgID) {
        _ = cache.withLock { $0.removeValue(forKey: org) }
    }
}
