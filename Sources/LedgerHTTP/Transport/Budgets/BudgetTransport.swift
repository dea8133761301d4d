import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

public struct BudgetBody: APISchema, APIOutput {
    var id: BudgetID
    var name: String
    var scope: UsageScopeBody
    var period: BudgetPeriod.Kind
    var periodStart: Date?
    var periodEnd: Date?
    var limitUSD: String
    var thresholds: [Int]
    var action: Budget.Action
    var notificationChannels: [String]
    var enabled: Bool
    var createdAt: Date
    var updatedAt: Date
    /// CostLLM's names for the same facts.
    var type: BudgetPeriod.Kind
    var budgetLimit: Decimal
    var alertThreshold: Decimal?
    var status: String

    init(_ budget: Budget) {
        id = budget.id
        name = budget.name
        scope = UsageScopeBody(budget.scope)
        period = budget.period.kind
        if case .fixed(let start, let end) = budget.period {
            periodStart = start
            periodEnd = end
        }
        limitUSD = budget.limitNanos.usdString(decimals: 9)
        thresholds = budget.thresholds
        action = budget.action
        notificationChannels = budget.notificationChannels
        enabled = budget.enabled
        createdAt = budget.createdAt
        updatedAt = budget.updatedAt
        type = period
        budgetLimit = Decimal(string: limitUSD) ?? 0
        alertThreshold = budget.thresholds.first { $0 < 100 }.map { Decimal($0) / 100 }
        status = budget.enabled ? "active" : "disabled"
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "name": .string, "scope": UsageScopeBody.schema(required: true),
            "period": Schemas.enumeration(BudgetPeriod.Kind.self),
            "period_start": Schemas.optionalDateTime, "period_end": Schemas.optionalDateTime,
            "limit_usd": .string(description: "USD with nine decimals"),
            "thresholds": .array(description: "Percentages of the limit that fire budget.alert (100: budget.exceeded)", items: .integer),
            "action": Schemas.enumeration(Budget.Action.self), "notification_channels": .array(items: .string),
            "enabled": .boolean, "created_at": Schemas.dateTime, "updated_at": Schemas.dateTime,
            "type": Schemas.enumeration(BudgetPeriod.Kind.self),
            "budget_limit": .number(description: "limit_usd as a number (CostLLM)"),
            "alert_threshold": .number(required: false, description: "The first threshold as a fraction (CostLLM)"),
            "status": .string(allowedValues: "active", "disabled"),
        ])
    }
    public static var samples: [Self] { [sample] }
    static let sample = BudgetBody(Budget(
        id: BudgetID("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")!, orgID: OrganizationBody.sample.id, name: "Monthly budget",
        scope: UsageScope(projects: ["search"]), period: .monthly, limitNanos: 100_000_000_000, thresholds: [50, 80, 100],
        action: .notify, notificationChannels: ["webhook"], enabled: true, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_790_000_000)))
}

/// A budget to create, or the fields of one to change. CostLLM's shape (`type`,
/// `budget_limit`, `alert_threshold`) is accepted for the same fields.
public struct BudgetRequest: APISchema, APIInput {
    var name: String?
    var scope: UsageScopeBody?
    var period: BudgetPeriod.Kind?
    var periodStart: Date?
    var periodEnd: Date?
    var limitUSD: USDAmount?
    var thresholds: [Int]?
    var action: Budget.Action?
    var notificationChannels: [String]?
    var enabled: Bool?
    var type: BudgetPeriod.Kind?
    var budgetLimit: USDAmount?
    var alertThreshold: Decimal?

    var draft: BudgetDraft {
        get throws(LedgerError) {
            var issues: [FieldIssue] = []
            // Both names may be sent when they agree (a client that fills in either vocabulary).
            func one<T: Equatable>(_ ours: T?, _ theirs: T?, _ names: (String, String)) -> T? {
                if let ours, let theirs, ours != theirs {
                    issues.append(FieldIssue(field: names.1, message: "differs from \(names.0); send one, or both with the same value"))
                }
                return ours ?? theirs
            }
            let limit = one(limitUSD, budgetLimit, ("limit_usd", "budget_limit"))
            if let limit, limit.nanos == nil {
                issues.append(FieldIssue(
                    field: limitUSD != nil ? "limit_usd" : "budget_limit", message: "must be above 0 and \(USDAmount.range)"))
            }
            var percentages = thresholds
            if let alertThreshold {
                let percent = alertThreshold * 100
                if thresholds != nil {
                    issues.append(FieldIssue(field: "alert_threshold", message: "send thresholds or alert_threshold, not both"))
                } else if percent != percent.rounded(), percent > 0 {
                    issues.append(FieldIssue(field: "alert_threshold", message: "must be a fraction of whole percent, such as 0.8"))
                } else {
                    let whole = NSDecimalNumber(decimal: percent).intValue
                    percentages = whole == 100 ? [100] : [whole, 100]
                }
            }
            let period = one(self.period, type, ("period", "type"))
            if !issues.isEmpty { throw .validation(issues) }
            return BudgetDraft(
                name: name, scope: scope?.scope, period: period, periodStart: periodStart, periodEnd: periodEnd,
                limitNanos: limit?.nanos, thresholds: percentages, action: action, notificationChannels: notificationChannels,
                enabled: enabled)
        }
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(required: false), "scope": UsageScopeBody.schema(required: false),
            "period": Schemas.enumeration(BudgetPeriod.Kind.self, required: false),
            "period_start": Schemas.optionalDateTime, "period_end": Schemas.optionalDateTime,
            "limit_usd": USDAmount.schema(required: false, description: "The limit in USD (required on create, or budget_limit)"),
            "thresholds": .array(
                required: false, description: "Percentages of the limit that fire budget.alert; 100 fires budget.exceeded whether listed or not",
                maxItems: Budget.maximumThresholds,
                items: .integer(
                    maximum: (Budget.thresholdRange.upperBound, exclusive: false),
                    minimum: (Budget.thresholdRange.lowerBound, exclusive: false))),
            "action": Schemas.enumeration(Budget.Action.self, required: false),
            "notification_channels": .array(
                required: false, description: "webhook: the organization's webhook endpoints; email: once email delivery lands",
                items: .string(allowedValues: Budget.channels.map { AnyCodable($0) })),
            "enabled": .boolean(required: false),
            "type": Schemas.enumeration(BudgetPeriod.Kind.self, required: false),
            "budget_limit": USDAmount.schema(required: false, description: "limit_usd (CostLLM)"),
            "alert_threshold": .number(
                required: false, description: "One alert threshold as a fraction of the limit (CostLLM)",
                maximum: (10, exclusive: false), minimum: (0.01, exclusive: false)),
        ])
    }
    public static let samples = [
        BudgetRequest(
            name: "Search, monthly", scope: UsageScopeBody(UsageScope(projects: ["search"])), period: .monthly, periodStart: nil,
            periodEnd: nil, limitUSD: USDAmount(nanos: 500_000_000_000), thresholds: [50, 80, 100], action: .block,
            notificationChannels: ["webhook"], enabled: true, type: nil, budgetLimit: nil, alertThreshold: nil)
    ]
}
