public import Foundation

public enum BudgetReservationEntity {}
public typealias BudgetReservationID = Identifier<BudgetReservationEntity>

/// An estimated spend held against the block budgets it falls in, before the call is made.
public struct BudgetReservation: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Counted against its budgets until it expires.
        case held
        /// The call was made and its usage recorded; the hold ended.
        case settled
        /// The call was not made (or failed); the hold ended.
        case released
    }

    public var id: BudgetReservationID
    public var orgID: OrgID
    public var budgetIDs: [BudgetID]
    public var amountNanos: NanoUSD
    public var status: Status
    public var settledNanos: NanoUSD?
    public var expiresAt: Date
    public var createdAt: Date

    public init(
        id: BudgetReservationID, orgID: OrgID, budgetIDs: [BudgetID], amountNanos: NanoUSD, status: Status,
        settledNanos: NanoUSD?, expiresAt: Date, createdAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.budgetIDs = budgetIDs
        self.amountNanos = amountNanos
        self.status = status
        self.settledNanos = settledNanos
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    /// Longest hold a caller may ask for; the default is 10 minutes.
    public static let maximumHold: TimeInterval = 3600
    public static let defaultHold: TimeInterval = 600
}
