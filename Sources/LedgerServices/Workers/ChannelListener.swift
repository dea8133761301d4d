public import LedgerStore
public import Logging
import PostgresNIO
public import ServiceLifecycle

/// Listens on PostgreSQL notification channels, where every replica hears what any replica
/// (or the CLI) committed: all of them on one connection. Tells each subscription when it
/// starts listening and when it loses the connection, since notifications sent in between are
/// never heard; reconnects after a second; ends on graceful shutdown.
public struct ChannelListener: Service {
    public struct Subscription: Sendable {
        let channel: String
        let listening: @Sendable (_ isListening: Bool) -> Void
        let notified: @Sendable (_ payload: String) -> Void

        public init(
            channel: String, listening: @escaping @Sendable (_ isListening: Bool) -> Void = { _ in },
            notified: @escaping @Sendable (_ payload: String) -> Void
        ) {
            self.channel = channel
            self.listening = listening
            self.notified = notified
        }
    }

    let database: Database
    let subscriptions: [Subscription]
    let logger: Logger

    public init(database: Database, subscriptions: [Subscription], logger: Logger) {
        self.database = database
        self.subscriptions = subscriptions
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    try await database.withConnection { connection in
                        try await listen(on: connection)
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("notification listener lost its connection; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Each subscription listens inside the one before, so all listen before any consumes;
    /// when one's notifications end (the connection is gone), all stop.
    private func listen(
        on connection: PostgresConnection, from index: Int = 0,
        heard: [(Subscription, PostgresNotificationSequence)] = []
    ) async throws {
        guard index < subscriptions.count else {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (subscription, notifications) in heard {
                    group.addTask {
                        for try await notification in notifications { subscription.notified(notification.payload) }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
            return
        }
        let subscription = subscriptions[index]
        try await connection.listen(on: subscription.channel) { notifications in
            subscription.listening(true)
            defer { subscription.listening(false) }
            try await listen(on: connection, from: index + 1, heard: heard + [(subscription, notifications)])
        }
    }
}
