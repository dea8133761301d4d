public import Foundation
import PostgresNIO

/// The monthly partitions of the usage ledger: created ahead, dropped past retention. One
/// replica at a time does it (a transaction-scoped advisory lock); the others skip.
public struct UsagePartitionRepository: Sendable {
    static let lockKey: Int64 = 0x746C_7061_7274

    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Answers (created, dropped), or nil when another replica holds the lock.
    public func maintain(ahead: Date, behind: Date, retainAfter cutoff: Date) async throws -> (created: Int, dropped: Int)? {
        try await database.transaction { transaction in
            guard try await transaction.first("SELECT pg_try_advisory_xact_lock(\(Self.lockKey))", as: Bool.self) == true else {
                return nil
            }
            let created = try await transaction.first(
                "SELECT usage_events_ensure_partitions(\(behind), \(ahead))", as: Int.self) ?? 0
            let dropped = try await transaction.first(
                "SELECT usage_events_drop_partitions_before(\(cutoff))", as: Int.self) ?? 0
            return (created, dropped)
        }
    }
}
