public import Foundation
public import LedgerCore
import PostgresNIO

/// An organization's budgets, their spend from the rollups and the thresholds they crossed.
public struct BudgetRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns = """
        b.org_id, b.id, b.name, b.projects, b.providers, b.models, b.endpoints, b.api_key_ids, b.end_users, b.period,
        b.period_start, b.period_end, b.limit_nanos, b.thresholds, b.action, b.notification_channels, b.enabled, b.created_at,
        b.updated_at
        """

    static func budget(_ column: RowColumns) throws -> Budget {
        let kind = BudgetPeriod.Kind(rawValue: try column("period")) ?? .monthly
        let period: BudgetPeriod =
            if kind == .custom, let start = try column("period_start", as: Date?.self),
                let end = try column("period_end", as: Date?.self)
            { .fixed(start: start, end: end) } else { BudgetPeriod(recurring: kind) ?? .monthly }
        return Budget(
            id: BudgetID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)), name: try column("name"),
            scope: try UsageScope(column), period: period, limitNanos: try column("limit_nanos"), thresholds: try column("thresholds"),
            action: Budget.Action(rawValue: try column("action")) ?? .notify,
            notificationChannels: try column("notification_channels"), enabled: try column("enabled"),
            createdAt: try column("created_at"), updatedAt: try column("updated_at"))
    }

    /// Inserts the budget, or writes every field of the one with its id.
    public func save(_ budget: Budget) async throws {
        var fixed: (start: Date?, end: Date?) = (nil, nil)
        if case .fixed(let start, let end) = budget.period { fixed = (start, end) }
        var row = RowValues()
        row.set("org_id", budget.orgID.uuid)
        row.set("id", budget.id.uuid)
        row.set("name", budget.name)
        budget.scope.write(to: &row)
        row.set("period", budget.period.kind.rawValue)
        row.set("period_start", fixed.start)
        row.set("period_end", fixed.end)
        row.set("limit_nanos", budget.limitNanos)
        row.set("thresholds", budget.thresholds)
        row.set("action", budget.action.rawValue)
        row.set("notification_channels", budget.notificationChannels)
        row.set("enabled", budget.enabled)
        row.set("created_at", budget.createdAt)
        row.set("updated_at", budget.updatedAt)
        try await db.execute(row.upsert(into: "budgets", key: ["org_id", "id"], keeping: ["created_at"]))
    }

    public func find(_ scope: TenantScope, id: BudgetID) async throws -> Budget? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM budgets b WHERE b.org_id = \(scope.orgID.uuid) AND b.id = \(id.uuid)",
            reading: Self.budget)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<Budget> {
        let sortKey = PageCursor.sortKey("b.created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM budgets b
            WHERE b.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), b.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, b.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.budget)
    }

    public func enabled(_ scope: TenantScope) async throws -> [Budget] {
        try await db.all(
            "SELECT \(unescaped: Self.columns) FROM budgets b WHERE b.org_id = \(scope.orgID.uuid) AND b.enabled ORDER BY b.id",
            reading: Self.budget)
    }

    /// The sweep's list: organizations with an enabled budget (main pool, across organizations).
    public func organizationsWithBudgets() async throws -> [TenantScope] {
        try await db.all("SELECT DISTINCT org_id FROM budgets WHERE enabled", as: UUID.self).map { TenantScope(orgID: OrgID($0)) }
    }

    public func delete(_ scope: TenantScope, id: BudgetID) async throws {
        try await db.execute("DELETE FROM budgets WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)")
    }

    /// Each budget's spend in its window, in one statement over the rollups and the deltas not
    /// yet folded, with the cost `costSource` names; a sum past 64 bits reads as the maximum.
    public func spend(
        _ scope: TenantScope, of windows: [(budget: BudgetID, window: DateInterval)], costSource: CostSource
    ) async throws -> [BudgetID: NanoUSD] {
        guard !windows.isEmpty else { return [:] }
        let org = scope.orgID.uuid
        let rows = try await db.all(
            """
            SELECT w.id, LEAST(COALESCE((
                SELECT sum(r.\(unescaped: costSource.column)) FROM (
                    SELECT * FROM usage_rollups_hourly WHERE org_id = \(org)
                    UNION ALL SELECT * FROM usage_rollup_queue WHERE org_id = \(org)) r
                WHERE r.hour >= w.starts AND r.hour < w.ends
                  AND (cardinality(b.projects) = 0 OR r.project = ANY (b.projects))
                  AND (cardinality(b.providers) = 0 OR r.provider = ANY (b.providers))
                  AND (cardinality(b.models) = 0 OR r.model = ANY (b.models))
                  AND (cardinality(b.endpoints) = 0 OR r.endpoint = ANY (b.endpoints))
                  AND (cardinality(b.api_key_ids) = 0 OR r.api_key_id = ANY (b.api_key_ids))
                  AND (cardinality(b.end_users) = 0 OR r.end_user = ANY (b.end_users))
            ), 0), 9223372036854775807)::bigint AS spent
            FROM unnest(\(windows.map(\.budget.uuid))::uuid[], \(windows.map(\.window.start))::timestamptz[],
                        \(windows.map(\.window.end))::timestamptz[]) AS w(id, starts, ends)
            JOIN budgets b ON b.org_id = \(org) AND b.id = w.id
            """, reading: { (BudgetID(try $0("id", as: UUID.self)), try $0("spent", as: Int64.self)) })
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Records that the budget reached `threshold` in the period starting `periodStart`; false
    /// when that was already recorded (by this or any other evaluation).
    public func recordCrossing(
        _ scope: TenantScope, budget: BudgetID, periodStart: Date, threshold: Int, spent: NanoUSD
    ) async throws -> Bool {
        try await db.first(
            """
            INSERT INTO budget_threshold_crossings (org_id, budget_id, period_start, threshold, spent_nanos)
            VALUES (\(scope.orgID.uuid), \(budget.uuid), \(periodStart), \(threshold), \(spent))
            ON CONFLICT DO NOTHING RETURNING threshold
            """, as: Int.self) != nil
    }

    /// Moves the budget to the period starting `start`; the start it leaves, when it had one
    /// before that (a reset), else nil.
    public func enterPeriod(_ scope: TenantScope, budget: BudgetID, start: Date) async throws -> Date? {
        try await db.first(
            """
            WITH previous AS (
                SELECT current_period_start FROM budgets
                WHERE org_id = \(scope.orgID.uuid) AND id = \(budget.uuid) FOR UPDATE
            ), moved AS (
                UPDATE budgets SET current_period_start = \(start)
                WHERE org_id = \(scope.orgID.uuid) AND id = \(budget.uuid)
                  AND (current_period_start IS NULL OR current_period_start < \(start))
                RETURNING id
            )
            SELECT p.current_period_start FROM previous p, moved WHERE p.current_period_start IS NOT NULL
            """, as: Date.self)
    }
}
