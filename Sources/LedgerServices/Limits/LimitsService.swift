import Foundation
public import LedgerCore
public import LedgerStore

/// An organization's limits as its plan and its operator set them, with the month's event
/// count; platform operators replace the override.
public struct LimitsService: Sendable {
    let database: Database
    let settings: LimitSettings
    let cache: OrganizationLimitsCache
    let quota: EventQuota

    public init(database: Database, settings: LimitSettings, cache: OrganizationLimitsCache, quota: EventQuota) {
        self.database = database
        self.settings = settings
        self.cache = cache
        self.quota = quota
    }

    public struct Report: Sendable {
        public let orgID: OrgID
        public let plan: Plan
        public let override: LimitOverride
        public let effective: OrganizationLimits
        public let enforced: Bool
        public let eventsCounted: Int64
        public let month: QuotaMonth

        public init(
            orgID: OrgID, plan: Plan, override: LimitOverride, effective: OrganizationLimits, enforced: Bool, eventsCounted: Int64,
            month: QuotaMonth
        ) {
            self.orgID = orgID
            self.plan = plan
            self.override = override
            self.effective = effective
            self.enforced = enforced
            self.eventsCounted = eventsCounted
            self.month = month
        }
    }

    public func report(_ org: OrgID) async throws -> Report {
        guard let found = try await RateLimitRepository(database).limits(of: org) else {
            throw LedgerError.notFound(OrganizationEntity.self)
        }
        let usage = try await quota.usage(TenantScope(orgID: org))
        return Report(
            orgID: org, plan: found.plan, override: found.override,
            effective: settings.limits(plan: found.plan, override: found.override), enforced: settings.enabled,
            eventsCounted: usage.counted, month: usage.month)
    }

    /// Replaces the organization's override (an empty one returns it to its plan's limits),
    /// effective at once on this replica and within the cache lifetime on the others.
    public func setOverride(_ override: LimitOverride, of org: OrgID, by principal: Principal, origin: RequestOrigin) async throws -> Report {
        if !override.issues.isEmpty { throw LedgerError.validation(override.issues) }
        guard try await RateLimitRepository(database).limits(of: org) != nil else { throw LedgerError.notFound(OrganizationEntity.self) }
        try await database.transaction { transaction in
            try await RateLimitRepository(transaction).setOverride(override, of: org)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: org, action: "organization.limits_changed", target: ("organization", org.description),
                origin: origin, details: override.auditDetails))
        }
        forget(org)
        return try await report(org)
    }

    /// After the plan or the override of `org` changed on this replica.
    public func forget(_ org: OrgID) {
        cache.forget(org)
        quota.forget(org)
    }
}

extension LimitOverride {
    var auditDetails: [String: JSONValue] {
        byWireName.mapValues(JSONValue.integer)
    }
}
