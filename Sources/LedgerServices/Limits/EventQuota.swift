import Foundation
public import LedgerCore
public import LedgerStore
public import Logging
import Synchronization

/// Each organization's monthly usage-event quota, counted in PostgreSQL across replicas and
/// leased in chunks of a hundredth of the quota, so ingest adds one statement per chunk.
/// Events count when they are admitted for ingest, whether or not every one is then stored.
public final class EventQuota: Sendable {
    let database: Database
    let settings: LimitSettings
    let limits: OrganizationLimitsCache
    let logger: Logger
    let metrics: ServerMetrics?
    private let stock = Mutex<[OrgID: Stock]>([:])
    private let leases = Mutex<[OrgID: Task<Void, any Error>]>([:])

    struct Stock {
        var month: String
        var available: Int64
        /// What the month's shared count had left at the last lease, and when: a request for
        /// more than this and the stock is refused without asking until the cache lifetime passes.
        var sharedLeft: (events: Int64, at: ContinuousClock.Instant)?
    }

    public init(
        database: Database, settings: LimitSettings, limits: OrganizationLimitsCache, logger: Logger, metrics: ServerMetrics? = nil
    ) {
        self.metrics = metrics
        self.database = database
        self.settings = settings
        self.limits = limits
        self.logger = logger
    }

    /// Counts `events` against the caller's quota, all of them or none: throws
    /// `USAGE_LIMIT_EXCEEDED` (402) when the month's quota cannot hold them.
    public func spend(_ events: Int, in scope: TenantScope) async throws(LedgerError) {
        guard settings.enabled, events > 0 else { return }
        let quota: Int64
        do {
            guard let limit = try await limits.limits(of: scope.orgID).eventsPerMonth else { return }
            quota = limit
        } catch {
            try unreachable(error)
            return
        }
        let month = QuotaMonth(containing: Date())
        for _ in 0..<8 {
            switch take(Int64(events), org: scope.orgID, month: month.key) {
            case .taken: return
            case .spent: throw exceeded(quota: quota, month: month, org: scope.orgID)
            case .leaseNeeded(let missing):
                do {
                    try await lease(missing, quota: quota, scope: scope, month: month.key)
                } catch {
                    try unreachable(error)
                    return
                }
            }
        }
        throw exceeded(quota: quota, month: month, org: scope.orgID)
    }

    private enum Take { case taken, spent, leaseNeeded(Int64) }

    private func take(_ events: Int64, org: OrgID, month: String) -> Take {
        stock.withLock { stock in
            var entry = stock[org].flatMap { $0.month == month ? $0 : nil } ?? Stock(month: month, available: 0)
            defer { stock[org] = entry }
            if entry.available >= events {
                entry.available -= events
                return .taken
            }
            if let left = entry.sharedLeft, ContinuousClock.now - left.at < settings.cacheLifetime,
                entry.available + left.events < events
            {
                return .spent
            }
            return .leaseNeeded(events - entry.available)
        }
    }

    private func lease(_ missing: Int64, quota: Int64, scope: TenantScope, month: String) async throws {
        let task = leases.withLock { leases in
            if let running = leases[scope.orgID] { return running }
            let task = Task {
                defer { self.leases.withLock { $0[scope.orgID] = nil } }
                let chunk = min(10_000, max(1, quota / 100))
                let lease = try await RateLimitRepository(self.database).leaseEvents(
                    scope, month: month, wanted: max(missing, chunk), needed: missing, quota: quota)
                self.stock.withLock { stock in
                    var entry = stock[scope.orgID].flatMap { $0.month == month ? $0 : nil } ?? Stock(month: month, available: 0)
                    entry.available += lease.granted
                    entry.sharedLeft = (max(0, quota - lease.counted), ContinuousClock.now)
                    stock[scope.orgID] = entry
                }
            }
            leases[scope.orgID] = task
            return task
        }
        try await task.value
    }

    /// The month so far: the quota, the events counted (including those other replicas hold
    /// leased but unspent) and when the count begins again.
    public func usage(_ scope: TenantScope) async throws -> (quota: Int64?, counted: Int64, month: QuotaMonth) {
        let month = QuotaMonth(containing: Date())
        let quota = try await limits.limits(of: scope.orgID).eventsPerMonth
        let unspentHere = stock.withLock { $0[scope.orgID].flatMap { $0.month == month.key ? $0.available : nil } ?? 0 }
        let counted = try await RateLimitRepository(database).countedEvents(scope, month: month.key)
        return (quota, max(0, counted - unspentHere), month)
    }

    /// After an operator changes the limits on this replica: a spent month may have room again.
    public func forget(_ org: OrgID) {
        stock.withLock { $0[org]?.sharedLeft = nil }
    }

    private func unreachable(_ error: any Error) throws(LedgerError) {
        try settings.whenStoreUnreachable(error, by: "the usage quota", logger: logger)
    }

    private func exceeded(quota: Int64, month: QuotaMonth, org: OrgID) -> LedgerError {
        metrics?.quotaRefused()
        var details: [String: JSONValue] = ["events_per_month": .integer(quota), "resets_at": .string(RFC3339.format(month.end))]
        let message = "The organization's quota of \(quota) usage events this month is used up; it resets at \(RFC3339.format(month.end))"
            + limits.planNote(of: org, adding: &details)
        return .limitReached(code: "USAGE_LIMIT_EXCEEDED", message: message, details: details)
    }
}
