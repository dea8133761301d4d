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

    /// What a refusal says of the organization's plan, as last read: its name in `details.plan`,
    /// and the text to append to the message, naming what lifts the limit (empty when unknown).
    func planNote(of org: OrgID, adding details: inout [String: JSONValue]) -> String {
        guard let plan = cache.withLock({ $0[org]?.plan }) else { return "" }
        details["plan"] = .string(plan.rawValue)
        return " (plan `\(plan.rawValue)`; a platform operator raises it for this organization with "
            + "PUT /api/v1/admin/organizations/{id}/limits or by moving it to another plan, or for every organization of the plan "
            + "with TOKENLEDGER_PLAN_\(plan.rawValue.uppercased()); new organizations get TOKENLEDGER_DEFAULT_PLAN)"
    }

    /// After a change of plan or override on this replica.
    public func forget(_ org: OrgID) {
        _ = cache.withLock { $0.removeValue(forKey: org) }
    }
}
