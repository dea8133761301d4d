import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

public struct BudgetBody: APISchema, APIOutput {
    var id: BudgetID
    var name: String
    var scope: UsageScope
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

    init(_ budget: Budget) {
        id = budget.id
        name = budget.name
        scope = budget.scope
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
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "name": .string, "scope": UsageScope.schema(required: true),
            "period": Schemas.enumeration(BudgetPeriod.Kind.self),
            "period_start": Schemas.optionalDateTime, "period_end": Schemas.optionalDateTime,
            "limit_usd": .string(description: "USD with nine decimals"),
            "thresholds": .array(description: "Percentages of the limit that fire budget.alert (100: budget.exceeded)", items: .integer),
            "action": Schemas.enumeration(Budget.Action.self), "notification_channels": .array(items: .string),
            "enabled": .boolean, "created_at": Schemas.dateTime, "updated_at": Schemas.dateTime,
        ])
    }
    public static var samples: [Self] { [BudgetBody(sampleBudget)] }
    static let sampleBudget = Budget(
        id: BudgetID("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f")!, orgID: OrganizationBody.sample.id, name: "Monthly budget",
        scope: UsageScope(projects: ["search"]), period: .monthly, limitNanos: 100_000_000_000, thresholds: [50, 80, 100],
        action: .notify, notificationChannels: ["webhook"], enabled: true, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
}

/// A budget to create, or the fields of one to change (CostLLM's names for some of them come
/// through `CostLLMBudgetRequest`, beside these).
public struct BudgetRequest: APISchema, APIInput {
    var name: String?
    var scope: UsageScope?
    var period: BudgetPeriod.Kind?
    var periodStart: Date?
    var periodEnd: Date?
    var limitUSD: USDAmount?
    var thresholds: [Int]?
    var action: Budget.Action?
    var notificationChannels: [String]?
    var enabled: Bool?

    var draft: BudgetDraft {
        get throws(LedgerError) {
            if let limitUSD, limitUSD.nanos == nil {
                throw .validation([FieldIssue(field: "limit_usd", message: "must be above 0 and \(USDAmount.range)")])
            }
            return BudgetDraft(
                name: name, scope: scope, period: period, periodStart: periodStart, periodEnd: periodEnd,
                limitNanos: limitUSD?.nanos, thresholds: thresholds, action: action, notificationChannels: notificationChannels,
                enabled: enabled)
        }
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(required: false), "scope": UsageScope.schema(required: false),
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
        ])
    }
    public static let samples = [
        BudgetRequest(
            name: "Search, monthly", scope: UsageScope(projects: ["search"]), period: .monthly, periodStart: nil,
            periodEnd: nil, limitUSD: USDAmount(nanos: 500_000_000_000), thresholds: [50, 80, 100], action: .block,
            notificationChannels: ["webhook"], enabled: true)
    ]
}
