public import LedgerCore
import PostgresNIO

/// The shared side of rate limits and quotas (Migrations/0018): token leases, monthly event
/// counts and operators' overrides. Not tenant data; it runs on the main pool.
public struct RateLimitRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    public struct BucketLease: Sendable, Equatable {
        public let bucket: String
        public let granted: Int
        /// The bucket's arrival time after the grant, microseconds since the epoch.
        public let arrival: Int64
        /// The database's clock at the lease.
        public let now: Int64
    }

    /// Up to `want` tokens of each bucket, in one statement.
    public func lease(_ wants: [(bucket: String, want: Int, rate: RequestRate)]) async throws -> [BucketLease] {
        try await db.all(
            """
            SELECT bucket, granted, tat_us, now_us FROM tokenledger_lease_tokens(
                \(wants.map(\.bucket)), \(wants.map { Int32(clamping: $0.want) }),
                \(wants.map(\.rate.intervalMicros)), \(wants.map { Int32(clamping: $0.rate.burst) }))
            """
        ) { column in
            BucketLease(
                bucket: try column("bucket"), granted: Int(try column("granted", as: Int32.self)),
                arrival: try column("tat_us"), now: try column("now_us"))
        }
    }

    /// Takes up to `wanted` events of the month's (`YYYY-MM-01`) `quota`, and none unless at least `needed`.
    /// Answers the grant and the month's count after it.
    public func leaseEvents(
        _ scope: TenantScope, month: String, wanted: Int64, needed: Int64, quota: Int64
    ) async throws -> (granted: Int64, counted: Int64) {
        let row = try await db.first(
            """
            SELECT granted, leased FROM tokenledger_lease_quota(
                \(scope.orgID.uuid), \(month)::date, \(wanted), \(needed), \(quota))
            """, as: (Int64, Int64).self)
        return row ?? (0, quota)
    }

    /// Events counted for the month so far (leased by some replica, spent or not).
    public func countedEvents(_ scope: TenantScope, month: String) async throws -> Int64 {
        try await db.first(
            "SELECT leased FROM usage_quota_counters WHERE org_id = \(scope.orgID.uuid) AND month = \(month)::date",
            as: Int64.self) ?? 0
    }

    /// The organization's plan and its operator's override, if the organization exists. Names
    /// this version does not know are left out.
    public func limits(of org: OrgID) async throws -> (plan: Plan, override: LimitOverride)? {
        try await db.first(
            """
            SELECT o.plan, coalesce(l.override, '{}')::text AS override
            FROM organizations o LEFT JOIN organization_limits l ON l.org_id = o.id WHERE o.id = \(org.uuid)
            """
        ) { column in
            (Plan(rawValue: try column("plan")) ?? .free, LimitOverride.parse(JSONColumn.object(try column("override"), of: Int64.self)).override)
        }
    }

    /// Replaces the override; an empty one removes it.
    public func setOverride(_ override: LimitOverride, of org: OrgID) async throws {
        if override.isEmpty {
            try await db.execute("DELETE FROM organization_limits WHERE org_id = \(org.uuid)")
            return
        }
        try await db.execute(
            """
            INSERT INTO organization_limits AS l (org_id, override) VALUES (\(org.uuid), \(JSONColumn.text(override.byWireName))::jsonb)
            ON CONFLICT (org_id) DO UPDATE SET override = EXCLUDED.override, updated_at = now()
            """)
    }

    /// Forgets the buckets that are full again: a missing bucket starts full, so nothing changes.
    public func forgetFullBuckets() async throws {
        try await db.execute(
            "DELETE FROM rate_limit_buckets WHERE tat_us < (extract(epoch FROM clock_timestamp()) * 1000000)::bigint")
    }
}
