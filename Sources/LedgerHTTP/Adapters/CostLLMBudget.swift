import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// CostLLM's names for a budget's facts in an answer: `type` (the period), `budget_limit` (the
/// limit as a number), `alert_threshold` (the first threshold as a fraction) and `status`.
public struct CostLLMBudgetBody: APISchema {
    var type: BudgetPeriod.Kind
    var budgetLimit: Decimal
    var alertThreshold: Decimal?
    var status: String

    init(_ budget: Budget) {
        type = budget.period.kind
        budgetLimit = Decimal(string: budget.limitNanos.usdString(decimals: 9)) ?? 0
        alertThreshold = budget.thresholds.first { $0 < 100 }.map { Decimal($0) / 100 }
        status = budget.enabled ? "active" : "disabled"
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "type": Schemas.enumeration(BudgetPeriod.Kind.self),
            "budget_limit": .number(description: "limit_usd as a number (CostLLM)"),
            "alert_threshold": .number(required: false, description: "The first threshold as a fraction (CostLLM)"),
            "status": .string(allowedValues: "active", "disabled"),
        ])
    }
    public static var samples: [Self] { [CostLLMBudgetBody(BudgetBody.sampleBudget)] }
}

/// CostLLM's budget request: `type`, `budget_limit` and `alert_threshold` for `period`,
/// `limit_usd` and `thresholds`. Either vocabulary, or both when they agree.
public struct CostLLMBudgetRequest: APISchema {
    var type: BudgetPeriod.Kind?
    var budgetLimit: USDAmount?
    var alertThreshold: Decimal?

    /// `request` with CostLLM's fields translated into it, or every disagreement by field.
    func translated(into request: BudgetRequest) throws(LedgerError) -> BudgetRequest {
        var result = request
        var issues: [FieldIssue] = []
        func one<T: Equatable>(_ ours: T?, _ theirs: T?, _ names: (String, String)) -> T? {
            if let ours, let theirs, ours != theirs {
                issues.append(FieldIssue(field: names.1, message: "differs from \(names.0); send one, or both with the same value"))
            }
            return ours ?? theirs
        }
        if request.limitUSD == nil, let budgetLimit, budgetLimit.nanos == nil {
            issues.append(FieldIssue(field: "budget_limit", message: "must be above 0 and \(USDAmount.range)"))
        }
        result.limitUSD = one(request.limitUSD, budgetLimit, ("limit_usd", "budget_limit"))
        result.period = one(request.period, type, ("period", "type"))
        if let alertThreshold {
            let percent = alertThreshold * 100
            if request.thresholds != nil {
                issues.append(FieldIssue(field: "alert_threshold", message: "send thresholds or alert_threshold, not both"))
            } else if percent != percent.rounded(), percent > 0 {
                issues.append(FieldIssue(field: "alert_threshold", message: "must be a fraction of whole percent, such as 0.8"))
            } else {
                let whole = NSDecimalNumber(decimal: percent).intValue
                result.thresholds = whole == 100 ? [100] : [whole, 100]
            }
        }
        if !issues.isEmpty { throw .validation(issues) }
        return result
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "type": Schemas.enumeration(BudgetPeriod.Kind.self, required: false),
            "budget_limit": USDAmount.schema(required: false, description: "limit_usd (CostLLM)"),
            "alert_threshold": .number(
                required: false, description: "One alert threshold as a fraction of the limit (CostLLM)",
                maximum: (10, exclusive: false), minimum: (0.01, exclusive: false)),
        ])
    }
    public static let samples = [CostLLMBudgetRequest(type: nil, budgetLimit: nil, alertThreshold: nil)]
}

/// A budget as answered: the canonical body with CostLLM's names beside it.
typealias BudgetAnswer = Beside<BudgetBody, CostLLMBudgetBody>

extension Beside where Canonical == BudgetBody, Adapter == CostLLMBudgetBody {
    init(_ budget: Budget) {
        self.init(BudgetBody(budget), CostLLMBudgetBody(budget))
    }
}

/// A budget to create or change, in either vocabulary.
typealias BudgetInput = Beside<BudgetRequest, CostLLMBudgetRequest>

extension Beside where Canonical == BudgetRequest, Adapter == CostLLMBudgetRequest {
    var draft: BudgetDraft {
        get throws(LedgerError) { try adapter.translated(into: canonical).draft }
    }
}
