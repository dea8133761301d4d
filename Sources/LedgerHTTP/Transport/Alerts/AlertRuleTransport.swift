import Foundation
import LedgerCore
public import LedgerServices
public import OpenAPIKit

public struct AlertRuleBody: APISchema, APIOutput {
    var id: AlertRuleID
    var name: String
    var condition: AlertRule.Condition
    var comparison: AlertRule.Comparison
    var threshold: Decimal
    var windowMinutes: Int
    var scope: UsageScope
    var cooldownMinutes: Int
    var enabled: Bool
    var state: AlertRule.State
    var lastValue: Decimal?
    var lastTriggeredAt: Date?
    var createdAt: Date
    var updatedAt: Date

    init(_ rule: AlertRule) {
        id = rule.id
        name = rule.name
        condition = rule.condition
        comparison = rule.comparison
        threshold = rule.threshold
        windowMinutes = rule.windowMinutes
        scope = rule.scope
        cooldownMinutes = rule.cooldownMinutes
        enabled = rule.enabled
        state = rule.state
        lastValue = rule.lastValue
        lastTriggeredAt = rule.lastTriggeredAt
        createdAt = rule.createdAt
        updatedAt = rule.updatedAt
    }

    static let conditionDescription =
        "cost_per_hour / cost_per_day: USD; avg_latency / p95_latency: ms; error_rate: 0-1; request_rate / token_rate: per minute; anomaly: the window's cost over the usual cost of such a window in the last 7 days"

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "name": .string,
            "condition": .string(
                description: conditionDescription, allowedValues: AlertRule.Condition.allCases.map { AnyCodable($0.rawValue) }),
            "comparison": Schemas.enumeration(AlertRule.Comparison.self), "threshold": .number,
            "window_minutes": .integer, "scope": UsageScope.schema(required: true), "cooldown_minutes": .integer,
            "enabled": .boolean, "state": Schemas.enumeration(AlertRule.State.self),
            "last_value": .number(required: false, description: "The condition's value at the last evaluation"),
            "last_triggered_at": Schemas.optionalDateTime, "created_at": Schemas.dateTime, "updated_at": Schemas.dateTime,
        ])
    }
    public static var samples: [Self] { [sample] }
    static let sample = AlertRuleBody(AlertRule(
        id: AlertRuleID("3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b")!, orgID: OrganizationBody.sample.id, name: "High cost alert",
        condition: .costPerHour, comparison: .gt, threshold: 10, windowMinutes: 60, scope: UsageScope(), cooldownMinutes: 60,
        enabled: true, state: .ok, lastValue: nil, lastTriggeredAt: nil, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_790_000_000)))
}

/// A rule to create (name, condition and threshold required), or the fields of one to change:
/// the service's draft is the request body.
extension AlertRuleDraft: APISchema, APIInput {
    public static var schemaName: String { "AlertRuleRequest" }

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(required: false),
            "condition": .string(
                required: false, description: AlertRuleBody.conditionDescription,
                allowedValues: AlertRule.Condition.allCases.map { AnyCodable($0.rawValue) }),
            "comparison": Schemas.enumeration(AlertRule.Comparison.self, required: false, default: .gt),
            "threshold": .number(required: false, maximum: (1e15, exclusive: false), minimum: (0, exclusive: false)),
            "window_minutes": .integer(
                required: false, description: "Default: 60 for cost_per_hour and anomaly, 1440 for cost_per_day, else 15",
                maximum: (AlertRule.windowRange.upperBound, exclusive: false), minimum: (AlertRule.windowRange.lowerBound, exclusive: false)),
            "scope": UsageScope.schema(required: false),
            "cooldown_minutes": .integer(
                required: false, description: "Least time between two firings (default 60)",
                maximum: (AlertRule.cooldownRange.upperBound, exclusive: false), minimum: (0, exclusive: false)),
            "enabled": .boolean(required: false),
        ])
    }
    public static var samples: [Self] {
        var draft = AlertRuleDraft.unchanged
        (draft.name, draft.condition, draft.threshold, draft.enabled) = ("High latency alert", .avgLatency, 2000, true)
        return [draft]
    }
}

/// A page of rules (LLMScope's `rules` comes beside it through `LLMScopeAlertRuleList`).
public struct AlertRuleList: APISchema {
    var data: [AlertRuleBody]
    var nextCursor: String?

    init(_ page: Page<AlertRule>) {
        data = page.items.map(AlertRuleBody.init)
        nextCursor = page.nextCursor
    }

    public static var schema: JSONSchema { Schemas.list(of: AlertRuleBody.schema) }
    public static let samples = [AlertRuleList(Page(items: [], nextCursor: nil))]
}
