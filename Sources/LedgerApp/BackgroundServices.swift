import Foundation
import LedgerAuth
import LedgerCore
import LedgerStore
import Logging
import PostgresNIO
import ServiceLifecycle

/// Listens for API key revocations from every replica and evicts them from this one's cache.
/// Reconnects after a lost connection; ends on graceful shutdown.
struct APIKeyRevocationListener: Service {
    let database: Database
    let authenticator: APIKeyAuthenticator
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await database.withConnection { connection in
                        try await connection.listen(on: APIKeyRepository.revocationChannel) { notifications in
                            for try await notification in notifications {
                                if let id = APIKeyID(notification.payload) { authenticator.evict(id) }
                            }
                        }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("API key revocation listener lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// Background work that runs now, then every `interval`, and once more when shutdown begins
/// (so last-use times and rollup deltas gathered before SIGTERM are written). A failure is
/// logged and the next round tries again.
struct PeriodicJob: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        while true {
            do {
                try await work()
            } catch {
                logger.warning("background job failed; retrying next round", metadata: ["job": "\(name)", "error": "\(error)"])
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

extension PeriodicJob {
    /// API keys' last-use times, written in one statement every few seconds.
    static func recordAPIKeyUse(_ authenticator: APIKeyAuthenticator, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "record API key use", interval: .seconds(5), logger: logger) {
            try await authenticator.flushLastUse()
        }
    }

    /// Folds queued usage deltas into the hourly rollups; any number of replicas may run it
    /// (rows are claimed with SKIP LOCKED).
    static func foldUsageRollups(_ database: Database, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "fold usage rollups", interval: .seconds(2), logger: logger) {
            while try await RollupRepository(database).aggregate() > 0 {}
        }
    }

    /// Keeps the usage partitions three months ahead and drops those past retention, hourly.
    static func maintainUsagePartitions(_ database: Database, retentionDays: Int, logger: Logger) -> PeriodicJob {
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
