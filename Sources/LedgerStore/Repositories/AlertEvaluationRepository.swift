public import Foundation
public import LedgerCore
import PostgresNIO

/// The alert scheduler's side of the rules: every enabled rule, what a rule's window measures,
/// each evaluation's result and the history of firings it leaves.
public struct AlertEvaluationRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Every enabled rule of every organization (the scheduler's round, main pool).
    public func enabledRules() async throws -> [AlertRule] {
        try await db.all("SELECT \(unescaped: AlertRuleRepository.columns) FROM alert_rules a WHERE a.enabled ORDER BY a.org_id", reading: AlertRuleRepository.rule)
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
                    tokens: try column("tokens"), averageLatencyMs: AlertRuleRepository.decimal(try column("average_latency")),
                    p95LatencyMs: AlertRuleRepository.decimal(try column("p95_latency")), usualCostNanos: AlertRuleRepository.decimal(try column("usual_cost")) ?? 0)
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
                    kind: AlertTransition(rawValue: try column("kind")) ?? .triggered, value: AlertRuleRepository.decimal(try column("value")),
                    threshold: AlertRuleRepository.decimal(try column("threshold")) ?? 0, occurredAt: try column("occurred_at"))
            })
    }
}
