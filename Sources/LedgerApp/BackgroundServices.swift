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

/// Writes API keys' last-use times every few seconds, and once more on shutdown.
struct APIKeyLastUseFlusher: Service {
    let authenticator: APIKeyAuthenticator
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            do {
                try await authenticator.flushLastUse()
            } catch {
                logger.warning("could not record API key use", metadata: ["error": "\(error)"])
            }
        }
    }
}

/// Folds queued usage deltas into the hourly rollups every `interval`; any number of
/// replicas may run it (rows are claimed with SKIP LOCKED).
struct RollupAggregator: Service {
    let database: Database
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                while try await RollupRepository(database).aggregate() > 0 {}
            } catch {
                logger.warning("could not fold usage rollups", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// Keeps the usage partitions three months ahead and drops those past retention, hourly.
struct UsagePartitionMaintainer: Service {
    let database: Database
    let retentionDays: Int
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = Date()
            do {
                if let result = try await UsagePartitionRepository(database).maintain(
                    ahead: now.addingTimeInterval(92 * 86400), behind: now.addingTimeInterval(-31 * 86400),
                    retainAfter: now.addingTimeInterval(-Double(retentionDays) * 86400)),
                    result.created + result.dropped > 0
                {
                    logger.info("usage partitions maintained", metadata: ["created": "\(result.created)", "dropped": "\(result.dropped)"])
                }
            } catch {
                logger.warning("could not maintain usage partitions", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
