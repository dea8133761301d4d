import Foundation
import LedgerCore
public import LedgerStore
public import Logging

extension PeriodicJob {
    static let foldUsageRollupsName = "fold usage rollups"

    /// Folds queued usage deltas into the rollups, organization by organization; any number of
    /// replicas may run it (rows are claimed with SKIP LOCKED).
    public static func foldUsageRollups(_ database: Database, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: foldUsageRollupsName, interval: .seconds(2), logger: logger) {
            for failure in try await UsageRollupFolder(database: database).foldQueuedDeltas().failures {
                logger.error(
                    "usage rollups of one organization cannot be folded; its deltas stay queued and the others go on",
                    metadata: ["org_id": "\(failure.scope.orgID)", "error": "\(String(reflecting: failure.error))"])
            }
        }
    }

    /// Keeps the usage partitions three months ahead and drops those past retention, hourly.
    public static func maintainUsagePartitions(_ database: Database, retentionDays: Int, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "maintain usage partitions", interval: .seconds(3600), logger: logger) {
            let now = Date()
            if let result = try await UsagePartitionRepository(database).maintain(
                ahead: now.addingTimeInterval(92 * 86400), behind: now.addingTimeInterval(-31 * 86400),
                retainAfter: now.addingTimeInterval(-Double(retentionDays) * 86400)),
                result.created + result.dropped > 0
            {
                logger.info("usage partitions maintained", metadata: ["created": "\(result.created)", "dropped": "\(result.dropped)"])
            }
        }
    }
}
