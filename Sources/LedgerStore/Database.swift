public import LedgerCore
public import Logging
public import PostgresNIO

/// The application's handle on PostgreSQL: a pool, query helpers and transactions. The pool
/// itself runs as a service (`client.run()`), started before and stopped after the HTTP
/// server.
public struct Database: QueryRunner {
    public let client: PostgresClient
    public let logger: Logger

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.logger = logger
    }

    public func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await client.query(query, logger: logger)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<Result: Sendable>(
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(Transaction(connection: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            throw DatabaseErrorMapping.map(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw DatabaseErrorMapping.map(error)
        }
    }

    /// Runs `body` on one leased connection (session state such as advisory locks and
    /// LISTEN lives on a connection).
    public func withConnection<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection(body)
        } catch {
            throw DatabaseErrorMapping.map(error)
        }
    }
}

extension Database {
    /// Runs the pool for the duration of `body`: for commands (`migrate`, `bootstrap`) and
    /// tests that use the database outside the server's service group.
    @discardableResult
    public func whileRunning<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}

extension Database {
    /// A transaction for one organization: it runs as the unprivileged `tokenledger_tenant`
    /// role with `tokenledger.org_id` set, so row-level security confines every statement in
    /// it to that organization's rows (Migrations/0003), behind the `org_id` each repository
    /// method already puts in its WHERE. One extra statement per transaction.
    public func tenant<Result: Sendable>(
        _ scope: TenantScope, _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await transaction { transaction in
            try await transaction.execute(
                "SELECT set_config('role', 'tokenledger_tenant', true), set_config('tokenledger.org_id', \(scope.orgID.description), true)")
            return try await body(transaction)
        }
    }
}
