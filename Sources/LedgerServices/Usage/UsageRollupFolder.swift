public import LedgerCore
public import LedgerStore

/// Folds the queued rollup deltas one organization at a time, so rows that cannot be folded
/// (a sum past bigint) hold back only their own organization, never another's.
public struct UsageRollupFolder: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Report: Sendable {
        public var folded = 0
        /// The organizations whose deltas stay queued, with why.
        public var failures: [(scope: TenantScope, error: any Error)] = []
    }

    public func foldQueuedDeltas() async throws -> Report {
        var report = Report()
        let rollups = RollupRepository(database)
        for scope in try await rollups.organizationsWithQueuedDeltas() {
            if Task.isCancelled { break }
            do {
                while !Task.isCancelled, case let folded = try await rollups.aggregate(scope), folded > 0 {
                    report.folded += folded
                }
            } catch {
                report.failures.append((scope, error))
            }
        }
        return report
    }
}
