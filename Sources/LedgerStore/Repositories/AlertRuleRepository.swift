import Foundation
public import LedgerCore
import PostgresNIO

/// Alert rules as people set them (the scheduler's reads and writes: `AlertEvaluationRepository`).
public struct AlertRuleRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns = """
        a.org_id, a.id, a.name, a.condition, a.comparison, a.threshold::text AS threshold, a.window_minutes, a.providers,
        a.models, a.endpoints, a.projects, a.api_key_ids, a.end_users, a.cooldown_minutes, a.enabled, a.state, a.last_value::text AS last_value,
        a.last_triggered_at, a.created_at, a.updated_at
        """

    static func decimal(_ text: String?) -> Decimal? {
        text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    }

    static func rule(_ column: RowColumns) throws -> AlertRule {
        AlertRule(
            id: AlertRuleID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)), name: try column("name"),
            condition: AlertRule.Condition(rawValue: try column("condition")) ?? .costPerHour,
            comparison: AlertRule.Comparison(rawValue: try column("comparison")) ?? .gt,
            threshold: decimal(try column("threshold")) ?? 0, windowMinutes: try column("window_minutes"), scope: try UsageScope(column),
            cooldownMinutes: try column("cooldown_minutes"), enabled: try column("enabled"),
            state: AlertRule.State(rawValue: try column("state")) ?? .ok, lastValue: decimal(try column("last_value")),
            lastTriggeredAt: try column("last_triggered_at"), createdAt: try column("created_at"), updatedAt: try column("updated_at"))
    }

    /// Inserts the rule, or writes the fields a person sets on the one with its id (its
    /// state and last value are the scheduler's).
    public func save(_ rule: AlertRule) async throws {
        var row = RowValues()
        row.set("org_id", rule.orgID.uuid)
        row.set("id", rule.id.uuid)
        row.set("name", rule.name)
        row.set("condition", rule.condition.rawValue)
        row.set("comparison", rule.comparison.rawValue)
        row.set("threshold", rule.threshold.description, as: "numeric")
        row.set("window_minutes", rule.windowMinutes)
        rule.scope.write(to: &row)
        row.set("cooldown_minutes", rule.cooldownMinutes)
        row.set("enabled", rule.enabled)
        row.set("created_at", rule.createdAt)
        row.set("updated_at", rule.updatedAt)
        try await db.execute(row.upsert(into: "alert_rules", key: ["org_id", "id"], keeping: ["created_at"]))
    }

    public func find(_ scope: TenantScope, id: AlertRuleID) async throws -> AlertRule? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM alert_rules a WHERE a.org_id = \(scope.orgID.uuid) AND a.id = \(id.uuid)",
            reading: Self.rule)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<AlertRule> {
        let sortKey = PageCursor.sortKey("a.created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM alert_rules a
            WHERE a.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), a.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, a.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.rule)
    }

    public func delete(_ scope: TenantScope, id: AlertRuleID) async throws {
        try await db.execute("DELETE FROM alert_rules WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)")
    }
}
