public import LedgerCore
public import Logging
public import PostgresNIO
public import ServiceLifecycle
import Tracing

/// The application's handle on PostgreSQL: two pools, query helpers and transactions. The
/// main pool runs as the configured user, for work across organizations; the tenant pool's
/// connections run as the unprivileged tenant role, for everything done for one organization
/// (`read(in:)`, `write(in:)`, `tenant(_:)`). Both run as one service, started before and
/// stopped after the HTTP server.
public struct Database: QueryRunner, Service {
    let client: PostgresClient
    let tenantClient: PostgresClient
    let tenantConnections: TenantConnections
    public let logger: Logger
    /// Operations holding or waiting for a connection, per pool, for the metrics.
    public let usage: PoolUsage

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        var tenant = configuration.clientConfiguration
        tenant.options.additionalStartupParameters = TenantConnections.startupParameters
        self.tenantClient = PostgresClient(configuration: tenant, backgroundLogger: logger)
        self.tenantConnections = TenantConnections(remembered: 4 * configuration.maximumConnections)
        self.logger = logger
        self.usage = PoolUsage(capacity: configuration.maximumConnections)
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await client.run() }
            group.addTask { await tenantClient.run() }
        }
    }

    public func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await DatabaseSpan.query(query.sql) {
            try await usage.main.counting { try await client.query(query, logger: logger) }
        }
    }

    public func run<Statement: PreparedQuery>(_ statement: Statement) async throws -> [PostgresRow] {
        try await DatabaseSpan.query(Statement.sql) {
            try await usage.main.counting { try await client.execute(statement, logger: logger).collect() }
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<Result: Sendable>(
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        do {
            return try await DatabaseSpan.around("db.transaction") {
                try await usage.main.counting {
                    try await client.withTransaction(logger: logger) { connection in
                        try await body(Transaction(connection: connection, logger: logger))
                    }
                }
            }
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
            return try await DatabaseSpan.around("db.connection") {
                try await usage.main.counting { try await client.withConnection(body) }
            }
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
            group.addTask { await run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}

extension Database {
    /// Reads for one organization, outside a transaction: every statement is confined to its
    /// rows by row-level security (see `onTenantConnection`) and sees committed data at its
    /// own moment, as in a READ COMMITTED transaction. Costs its own round trips.
    public func read<Result: Sendable>(
        in scope: TenantScope, _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        try await onTenantConnection(scope) { try await body(TenantConnection(connection: $0, logger: logger)) }
    }

    /// One write for one organization that is atomic by itself (a single statement, data-
    /// modifying CTEs included), committed without BEGIN and COMMIT round trips.
    public func write<Result: Sendable>(
        in scope: TenantScope, _ body: (TenantConnection) async throws -> Result
    ) async throws -> Result {
        try await onTenantConnection(scope) { try await body(TenantConnection(connection: $0, logger: logger)) }
    }

    /// A transaction for one organization: BEGIN, `body`, COMMIT, every statement confined
    /// to its rows by row-level security (see `onTenantConnection`).
    public func tenant<Result: Sendable>(
        _ scope: TenantScope, _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await onTenantConnection(scope) { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await body(Transaction(connection: connection, logger: logger))
            }
        }
    }

    /// A connection of the tenant pool, which runs as the unprivileged `tokenledger_tenant`
    /// role, set to `scope` before `body` and outside any transaction (a setting made inside
    /// one would be undone by its rollback): row-level security confines every statement to
    /// that organization's rows (Migrations/0003), behind the `org_id` each repository method
    /// puts in its WHERE. Setting it costs one round trip, paid only when the connection last
    /// served another organization (`TenantConnections`).
    private func onTenantConnection<Result: Sendable>(
        _ scope: TenantScope, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await DatabaseSpan.around("db.tenant_connection") {
                try await usage.tenant.counting {
                    try await tenantClient.withConnection { connection in
                        try await tenantConnections.prepare(connection, for: scope, logger: logger)
                        return try await body(connection)
                    }
                }
            }
        } catch {
            throw DatabaseErrorMapping.map(error)
        }
    }
}
