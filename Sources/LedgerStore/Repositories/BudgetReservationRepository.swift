import Foundation
public import LedgerCore
import PostgresNIO

/// Holds on block budgets, for the gateway's reserve → settle (or release) pair.
public struct BudgetReservationRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns = "r.org_id, r.id, r.budget_ids, r.amount_nanos, r.status, r.settled_nanos, r.expires_at, r.created_at"

    static func reservation(_ column: RowColumns) throws -> BudgetReservation {
        BudgetReservation(
            id: BudgetReservationID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
            budgetIDs: try column("budget_ids", as: [UUID].self).map(BudgetID.init), amountNanos: try column("amount_nanos"),
            status: BudgetReservation.Status(rawValue: try column("status")) ?? .released, settledNanos: try column("settled_nanos"),
            expiresAt: try column("expires_at"), createdAt: try column("created_at"))
    }

    /// Locks the budgets' rows until the transaction ends, in id order: every reservation
    /// against one of them waits here for the one before it.
    public func lock(_ scope: TenantScope, budgets: [BudgetID]) async throws {
        guard !budgets.isEmpty else { return }
        try await db.execute(
            """
            SELECT id FROM budgets WHERE org_id = \(scope.orgID.uuid) AND id = ANY (\(budgets.map(\.uuid))::uuid[])
            ORDER BY id FOR UPDATE
            """)
    }

    /// Each budget's unexpired holds, summed (a sum past 64 bits reads as the maximum).
    public func held(_ scope: TenantScope, budgets: [BudgetID]) async throws -> [BudgetID: NanoUSD] {
        guard !budgets.isEmpty else { return [:] }
        let rows = try await db.all(
            """
            SELECT b.id, LEAST(COALESCE(sum(r.amount_nanos), 0), 9223372036854775807)::bigint AS held
            FROM unnest(\(budgets.map(\.uuid))::uuid[]) AS b(id)
            LEFT JOIN budget_reservations r ON r.org_id = \(scope.orgID.uuid) AND r.status = 'held'
                AND r.expires_at > now() AND r.budget_ids @> ARRAY[b.id]
            GROUP BY b.id
            """, reading: { (BudgetID(try $0("id", as: UUID.self)), try $0("held", as: Int64.self)) })
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    public func insert(_ reservation: BudgetReservation) async throws {
        try await db.execute(
            """
            INSERT INTO budget_reservations (org_id, id, budget_ids, amount_nanos, status, expires_at, created_at)
            VALUES (\(reservation.orgID.uuid), \(reservation.id.uuid), \(reservation.budgetIDs.map(\.uuid)),
                    \(reservation.amountNanos), \(reservation.status.rawValue), \(reservation.expiresAt), \(reservation.createdAt))
            """)
    }

    public func find(_ scope: TenantScope, id: BudgetReservationID) async throws -> BudgetReservation? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM budget_reservations r WHERE r.org_id = \(scope.orgID.uuid) AND r.id = \(id.uuid)",
            reading: Self.reservation)
    }

    /// Ends a hold; nil when there is no such reservation or it was no longer held.
    public func end(
        _ scope: TenantScope, id: BudgetReservationID, as status: BudgetReservation.Status, settledNanos: NanoUSD?
    ) async throws -> BudgetReservation? {
        try await db.first(
            """
            UPDATE budget_reservations r SET status = \(status.rawValue), settled_nanos = \(settledNanos), updated_at = now()
            WHERE r.org_id = \(scope.orgID.uuid) AND r.id = \(id.uuid) AND r.status = 'held'
            RETURNING \(unescaped: Self.columns)
            """, reading: Self.reservation)
    }
}
