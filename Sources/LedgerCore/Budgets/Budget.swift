public import Foundation

public enum BudgetEntity {}
public typealias BudgetID = Identifier<BudgetEntity>

/// A spending limit on part of an organization's usage over a recurring or fixed period.
public struct Budget: Sendable, Equatable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Alerts only.
        case notify
        /// Alerts, and `POST /budgets/check` refuses spend that would pass the limit.
        case block
    }

    public var id: BudgetID
    public var orgID: OrgID
    public var name: String
    public var scope: UsageScope
    public var period: BudgetPeriod
    public var limitNanos: NanoUSD
    /// Percentages of the limit at which `budget.alert` fires, ascending; 100 (or more) is
    /// `budget.exceeded`, which fires at 100% whether listed or not.
    public var thresholds: [Int]
    public var action: Action
    public var notificationChannels: [String]
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: BudgetID, orgID: OrgID, name: String, scope: UsageScope, period: BudgetPeriod, limitNanos: NanoUSD,
        thresholds: [Int], action: Action, notificationChannels: [String], enabled: Bool, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.scope = scope
        self.period = period
        self.limitNanos = limitNanos
        self.thresholds = thresholds
        self.action = action
        self.notificationChannels = notificationChannels
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The thresholds that fire, 100 among them.
    public var firingThresholds: [Int] { Array(Set(thresholds + [100])).sorted() }

    public static let maximumThresholds = 10
    public static let thresholdRange = 1...1000
    public static let channels = ["webhook", "email"]
}
