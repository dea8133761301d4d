public import Foundation
public import LedgerCore

/// A budget as a caller states it: nil leaves a field as it is (or at its default, on create).
public struct BudgetDraft: Sendable, Equatable {
    public var name: String?
    public var scope: UsageScope?
    public var period: BudgetPeriod.Kind?
    public var periodStart: Date?
    public var periodEnd: Date?
    public var limitNanos: NanoUSD?
    public var thresholds: [Int]?
    public var action: Budget.Action?
    public var notificationChannels: [String]?
    public var enabled: Bool?

    public init(
        name: String? = nil, scope: UsageScope? = nil, period: BudgetPeriod.Kind? = nil, periodStart: Date? = nil,
        periodEnd: Date? = nil, limitNanos: NanoUSD? = nil, thresholds: [Int]? = nil, action: Budget.Action? = nil,
        notificationChannels: [String]? = nil, enabled: Bool? = nil
    ) {
        self.name = name
        self.scope = scope
        self.period = period
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.limitNanos = limitNanos
        self.thresholds = thresholds
        self.action = action
        self.notificationChannels = notificationChannels
        self.enabled = enabled
    }

    /// A new budget from this draft and the defaults: monthly, alerts at 50, 80 and 100%,
    /// `notify`, to webhooks. The limit is required.
    func newBudget(in orgID: OrgID, now: Date = Date(), defaultAction: Budget.Action = .notify) throws(LedgerError) -> Budget {
        guard limitNanos != nil else { throw .validation([FieldIssue(field: "limit_usd", message: "is required (or budget_limit)")]) }
        let period = self.period ?? .monthly
        return try applied(to: Budget(
            id: BudgetID(), orgID: orgID, name: "\(period.rawValue.capitalized) budget", scope: UsageScope(),
            period: BudgetPeriod(recurring: period) ?? .monthly, limitNanos: 1, thresholds: [50, 80, 100], action: defaultAction,
            notificationChannels: ["webhook"], enabled: true, createdAt: now, updatedAt: now))
    }

    /// `budget` with this draft's fields applied, or every rule it breaks, each naming its field.
    func applied(to budget: Budget) throws(LedgerError) -> Budget {
        var result = budget
        var issues: [FieldIssue] = []
        if let name {
            issues += IdentityValidation.name(name, field: "name")
            result.name = name
        }
        if let scope {
            issues += scope.issues(field: "scope")
            result.scope = scope
        }
        let kind = period ?? budget.period.kind
        if kind == .custom {
            var start = periodStart
            var end = periodEnd
            if case .fixed(let current, let currentEnd) = budget.period {
                start = start ?? current
                end = end ?? currentEnd
            }
            if let start, let end, end > start {
                result.period = .fixed(start: start, end: end)
            } else if start == nil || end == nil {
                issues.append(FieldIssue(field: "period_start", message: "a custom period needs period_start and period_end"))
            } else {
                issues.append(FieldIssue(field: "period_end", message: "must be after period_start"))
            }
        } else {
            if periodStart != nil || periodEnd != nil {
                issues.append(FieldIssue(field: "period_start", message: "only a custom period takes period_start and period_end"))
            }
            result.period = BudgetPeriod(recurring: kind) ?? .monthly
        }
        if let limitNanos {
            if limitNanos <= 0 { issues.append(FieldIssue(field: "limit_usd", message: "must be more than 0")) }
            result.limitNanos = limitNanos
        }
        if let thresholds {
            if thresholds.count > Budget.maximumThresholds {
                issues.append(FieldIssue(field: "thresholds", message: "must list at most \(Budget.maximumThresholds) percentages"))
            }
            if thresholds.contains(where: { !Budget.thresholdRange.contains($0) }) {
                issues.append(FieldIssue(
                    field: "thresholds",
                    message: "each must be a percentage from \(Budget.thresholdRange.lowerBound) to \(Budget.thresholdRange.upperBound)"))
            }
            result.thresholds = Array(Set(thresholds)).sorted()
        }
        if let action { result.action = action }
        if let notificationChannels {
            if let unknown = notificationChannels.first(where: { !Budget.channels.contains($0) }) {
                issues.append(FieldIssue(
                    field: "notification_channels", message: "'\(unknown)' is not one of \(Budget.channels.joined(separator: ", "))"))
            }
            result.notificationChannels = Array(Set(notificationChannels)).sorted()
        }
        if let enabled { result.enabled = enabled }
        if !issues.isEmpty { throw .validation(issues) }
        return result
    }
}
