import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

public struct BudgetStatusBody: APISchema, APIOutput {
    var budgetID: BudgetID
    var periodStart: Date
    var periodEnd: Date
    var spentUSD: String
    var limitUSD: String
    var remainingUSD: String
    var percent: String
    var projectedSpendUSD: String
    var projectedExhaustionAt: Date?
    var state: BudgetStatus.State
    var thresholdsReached: [Int]
    /// CostLLM's names.
    var currentSpend: Decimal
    var budgetLimit: Decimal

    init(budget: Budget, status: BudgetStatus) {
        budgetID = budget.id
        periodStart = status.window.start
        periodEnd = status.window.end
        spentUSD = status.spentNanos.usdString(decimals: 9)
        limitUSD = status.limitNanos.usdString(decimals: 9)
        remainingUSD = status.remainingNanos.usdString(decimals: 9)
        percent = status.percent
        projectedSpendUSD = status.projectedNanos.usdString(decimals: 9)
        projectedExhaustionAt = status.projectedExhaustion
        state = status.state
        thresholdsReached = status.reached
        currentSpend = Decimal(string: spentUSD) ?? 0
        budgetLimit = Decimal(string: limitUSD) ?? 0
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "budget_id": Schemas.uuid, "period_start": Schemas.dateTime, "period_end": Schemas.dateTime,
            "spent_usd": .string(description: "Spend in the current period, from the rollups (nine decimals)"),
            "limit_usd": .string, "remaining_usd": .string(description: "Never below zero"),
            "percent": .string(description: "Spend as a percentage of the limit, two decimals"),
            "projected_spend_usd": .string(description: "The spend at the period's end at the rate so far"),
            "projected_exhaustion_at": .string(
                format: .dateTime, required: false, description: "When the limit is reached at that rate; absent if not in this period"),
            "state": Schemas.enumeration(BudgetStatus.State.self),
            "thresholds_reached": .array(items: .integer),
            "current_spend": .number(description: "spent_usd as a number (CostLLM)"), "budget_limit": .number,
        ])
    }
    public static var samples: [Self] {
        let budget = Budget(
            id: BudgetBody.sampleBudget.id, orgID: OrganizationBody.sample.id, name: "Monthly", scope: UsageScope(), period: .monthly,
            limitNanos: 100_000_000_000, thresholds: [80], action: .notify, notificationChannels: ["webhook"], enabled: true,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_000))
        let window = BudgetPeriod.monthly.window(containing: Date(timeIntervalSince1970: 1_790_000_000), in: TimeZone(identifier: "UTC")!)
        return [BudgetStatusBody(
            budget: budget,
            status: BudgetStatus(budget: budget, window: window, spentNanos: 45_670_000_000, now: Date(timeIntervalSince1970: 1_790_000_000)))]
    }
}

public struct BudgetCheckRequest: APISchema, APIInput {
    var amountUSD: USDAmount
    var project: String?
    var provider: String?
    var model: String?
    var endpoint: String?
    var apiKeyID: APIKeyID?
    var endUser: String?

    var spend: BudgetService.Spend {
        get throws(LedgerError) {
            guard let nanos = amountUSD.nanos else {
                throw .validation([FieldIssue(field: "amount_usd", message: "must be \(USDAmount.range)")])
            }
            return BudgetService.Spend(
                amountNanos: nanos, project: project, provider: provider, model: model, endpoint: endpoint, apiKey: apiKeyID,
                endUser: endUser)
        }
    }

    public static var schema: JSONSchema { .object(properties: properties) }

    /// The spend and its attributes, which a reservation takes too.
    static var properties: OrderedDictionary<String, JSONSchema> {
        let attribute = JSONSchema.string(required: false, minLength: 1, maxLength: 200, pattern: #"^[^\u0000]*$"#)
        return [
            "amount_usd": USDAmount.schema(required: true, description: "The spend about to be made, in USD", zeroAllowed: true),
            "project": attribute, "provider": attribute, "model": attribute, "endpoint": attribute,
            "api_key_id": Schemas.optionalUUID, "end_user": attribute,
        ]
    }
    public static let samples = [
        BudgetCheckRequest(
            amountUSD: USDAmount(nanos: 250_000_000), project: "search", provider: "openai", model: "gpt-4o", endpoint: nil,
            apiKeyID: nil, endUser: nil)
    ]
}

public struct BudgetCheckBody: APISchema, APIOutput {
    struct Entry: Codable, Sendable {
        var budgetID: BudgetID
        var name: String
        var action: Budget.Action
        var spentUSD: String
        var limitUSD: String
        var wouldSpendUSD: String
        var wouldExceed: Bool
        var state: BudgetStatus.State
    }

    var allowed: Bool
    var amountUSD: String
    var decidingBudgetID: BudgetID?
    var budgets: [Entry]

    public static var schema: JSONSchema {
        .object(properties: [
            "allowed": .boolean(description: "False when the spend would take a block budget past its limit"),
            "amount_usd": .string,
            "deciding_budget_id": .string(
                format: .uuid, required: false, description: "The strictest block budget the spend would pass (least left)"),
            "budgets": .array(
                description: "Every enabled budget the spend falls in",
                items: .object(properties: [
                    "budget_id": Schemas.uuid, "name": .string, "action": Schemas.enumeration(Budget.Action.self),
                    "spent_usd": .string, "limit_usd": .string, "would_spend_usd": .string, "would_exceed": .boolean,
                    "state": Schemas.enumeration(BudgetStatus.State.self),
                ])),
        ])
    }
    public static let samples = [
        BudgetCheckBody(allowed: true, amountUSD: "0.250000000", decidingBudgetID: nil, budgets: [])
    ]
}

extension BudgetCheckBody {
    init(_ check: BudgetCheck) {
        allowed = check.allowed
        amountUSD = check.amountNanos.usdString(decimals: 9)
        decidingBudgetID = check.deciding?.budget.id
        budgets = check.entries.map {
            Entry(
                budgetID: $0.budget.id, name: $0.budget.name, action: $0.budget.action,
                spentUSD: $0.status.spentNanos.usdString(decimals: 9), limitUSD: $0.budget.limitNanos.usdString(decimals: 9),
                wouldSpendUSD: $0.wouldSpendNanos.usdString(decimals: 9), wouldExceed: $0.wouldExceed, state: $0.status.state)
        }
    }
}
