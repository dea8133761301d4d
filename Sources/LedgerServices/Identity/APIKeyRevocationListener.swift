public import LedgerAuth
import LedgerCore
public import LedgerStore
public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Listens for API key revocations from every replica and evicts them from this one's cache.
/// Reconnects after a lost connection; ends on graceful shutdown.
public struct APIKeyRevocationListener: Service {
    let database: Database
    let authenticator: APIKeyAuthenticator
    let logger: Logger

    public init(database: Database, authenticator: APIKeyAuthenticator, logger: Logger) {
        self.database = database
        self.authenticator = authenticator
        self.logger = logger
    }

    public func run() async throws {
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
