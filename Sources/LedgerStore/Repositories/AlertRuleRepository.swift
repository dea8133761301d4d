public import Foundation
public import LedgerCore
import PostgresNIO

/// Alert rules, what their windows measure, and the history of their firings.
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

    /// Every enabled rule of every organization (the scheduler's round, main pool).
    public func enabledRules() async throws -> [AlertRule] {
        try await db.all("SELECT \(unescaped: Self.columns) FROM alert_rules a WHERE a.enabled ORDER BY a.org_id", reading: Self.rule)
    }

    /// The rule's window ending at `now`, from the raw events (exact percentiles), and for
    /// `anomaly` the average cost of a window as long over the seven days before it.
    public func measure(_ rule: AlertRule, now: Date) async throws -> AlertMeasurement {
        let f = rule.scope
        let start = now.addingTimeInterval(-Double(rule.windowMinutes) * 60)
        let history = rule.condition == .anomaly ? start.addingTimeInterval(-7 * 86400) : start
        let windows = 7 * 1440 / max(rule.windowMinutes, 1)
        return try await db.first(
            """
            SELECT count(*) FILTER (WHERE occurred_at >= \(start)) AS requests,
                   count(*) FILTER (WHERE occurred_at >= \(start) AND status = 'error') AS errors,
                   LEAST(COALESCE(sum(cost_total) FILTER (WHERE occurred_at >= \(start)), 0), 9223372036854775807)::bigint AS cost,
                   LEAST(COALESCE(sum(input_uncached::numeric + cache_read + cache_write_5m + cache_write_1h + output + reasoning)
                       FILTER (WHERE occurred_at >= \(start)), 0), 9223372036854775807)::bigint AS tokens,
                   (avg(latency_ms) FILTER (WHERE occurred_at >= \(start)))::text AS average_latency,
                   (percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE occurred_at >= \(start)))::text AS p95_latency,
                   (COALESCE(sum(cost_total) FILTER (WHERE occurred_at < \(start)), 0) / \(max(windows, 1)))::text AS usual_cost
            FROM usage_events
            WHERE org_id = \(rule.orgID.uuid) AND occurred_at >= \(history) AND occurred_at < \(now)
              AND (cardinality(\(f.providers)::text[]) = 0 OR provider = ANY (\(f.providers)))
              AND (cardinality(\(f.models)::text[]) = 0 OR model = ANY (\(f.models)))
              AND (cardinality(\(f.endpoints)::text[]) = 0 OR endpoint = ANY (\(f.endpoints)))
              AND (cardinality(\(f.projects)::text[]) = 0 OR project = ANY (\(f.projects)))
              AND (cardinality(\(f.apiKeys.map(\.uuid))::uuid[]) = 0 OR api_key_id = ANY (\(f.apiKeys.map(\.uuid))))
              AND (cardinality(\(f.endUsers)::text[]) = 0 OR end_user = ANY (\(f.endUsers)))
            """,
            reading: { column in
                AlertMeasurement(
                    requests: try column("requests"), errors: try column("errors"), costNanos: try column("cost"),
                    tokens: try column("tokens"), averageLatencyMs: Self.decimal(try column("average_latency")),
                    p95LatencyMs: Self.decimal(try column("p95_latency")), usualCostNanos: Self.decimal(try column("usual_cost")) ?? 0)
            }) ?? AlertMeasurement(requests: 0, errors: 0, costNanos: 0, tokens: 0, averageLatencyMs: nil, p95LatencyMs: nil, usualCostNanos: 0)
    }

    /// Records the evaluation: the value, and with a transition the new state and its event.
    public func record(_ rule: AlertRule, value: Decimal?, transition: AlertTransition?, at now: Date) async throws -> AlertEvent? {
        let state = transition.map { $0 == .triggered ? AlertRule.State.firing : .ok } ?? rule.state
        try await db.execute(
            """
            UPDATE alert_rules SET last_value = \(value?.description)::numeric, state = \(state.rawValue),
                last_triggered_at = CASE WHEN \(transition == .triggered) THEN \(now) ELSE last_triggered_at END
            WHERE org_id = \(rule.orgID.uuid) AND id = \(rule.id.uuid)
            """)
        guard let transition else { return nil }
        let event = AlertEvent(
            id: AlertEventID(), orgID: rule.orgID, ruleID: rule.id, kind: transition, value: value, threshold: rule.threshold,
            occurredAt: now)
        try await db.execute(
            """
            INSERT INTO alert_events (org_id, id, rule_id, kind, value, threshold, occurred_at)
            VALUES (\(event.orgID.uuid), \(event.id.uuid), \(event.ruleID.uuid), \(event.kind.rawValue),
                    \(value?.description)::numeric, \(rule.threshold.description)::numeric, \(now))
            """)
        return event
    }

    /// The history, newest first; `rule` narrows it to one rule.
    public func events(_ scope: TenantScope, rule: AlertRuleID?, page: PageRequest) async throws -> Page<AlertEvent> {
        let sortKey = "(-\(PageCursor.sortKey("e.occurred_at")))"
        return try await db.page(
            """
            SELECT e.org_id, e.id, e.rule_id, e.kind, e.value::text AS value, e.threshold::text AS threshold, e.occurred_at,
                   \(unescaped: sortKey) AS sort_key
            FROM alert_events e
            WHERE e.org_id = \(scope.orgID.uuid) AND (\(rule?.uuid)::uuid IS NULL OR e.rule_id = \(rule?.uuid))
              AND (\(unescaped: sortKey), e.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, e.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit,
            reading: { column in
                AlertEvent(
                    id: AlertEventID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
                    ruleID: AlertRuleID(try column("rule_id", as: UUID.self)),
                    kind: AlertTransition(rawValue: try column("kind")) ?? .triggered, value: Self.decimal(try column("value")),
                    threshold: Self.decimal(try column("threshold")) ?? 0, occurredAt: try column("occurred_at"))
            })
    }
}
