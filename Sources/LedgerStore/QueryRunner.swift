import LedgerCore
public import PostgresNIO

/// Something that runs one query: the pool, or the connection of an open transaction.
/// Repositories are written against this so the same method works inside and outside a
/// transaction.
public protocol QueryRunner: Sendable {
    func run(_ query: PostgresQuery) async throws -> PostgresRowSequence
    /// Runs a statement prepared once per connection: later runs skip parsing and, once
    /// PostgreSQL settles on a generic plan, planning (`PreparedQuery`).
    func run<Statement: PreparedQuery>(_ statement: Statement) async throws -> [PostgresRow]
}

/// A hot query whose text never changes, prepared once per connection under its type's name
/// (which must fit PostgreSQL's 63 bytes: a longer one is truncated, and two truncated names
/// can collide). Rows are read by name like every other (`QueryRunner.all(_:reading:)`).
public protocol PreparedQuery: PostgresPreparedStatement where Row == PostgresRow {}

extension PreparedQuery {
    public func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

extension AsyncThrowingMapSequence where Element == PostgresRow {
    func collect() async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in self { rows.append(row) }
        return rows
    }
}

extension QueryRunner {
    /// Runs a statement whose rows, if any, are not needed.
    public func execute(_ query: PostgresQuery) async throws {
        _ = try await rows(query)
    }

    public func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do {
            return try await run(query).collect()
        } catch {
            throw DatabaseErrorMapping.map(error)
        }
    }

    /// Every row as a tuple of the given column types: for single columns and ad hoc queries
    /// (tests, scripts). Repositories read rows of several columns by name (`all(_:reading:)`).
    public func all<each Column: PostgresDecodable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        try await rows(query).map { try $0.decode((repeat each Column).self) }
    }

    /// The single column of the first row.
    public func first<Column: PostgresDecodable>(_ query: PostgresQuery, as type: Column.Type) async throws -> Column? {
        try await rows(query).first.map { try $0.decode(Column.self) }
    }

    public func first<each Column: PostgresDecodable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type
    ) async throws -> (repeat each Column)? {
        try await rows(query).first.map { try $0.decode((repeat each Column).self) }
    }
}

/// A leased connection that runs each query on itself: the connection of an open
/// transaction (`Transaction`), or of the tenant pool set to one organization outside a
/// transaction (`TenantConnection`, from `Database.read(in:)` and `Database.write(in:)`).
public struct LeasedConnection: QueryRunner {
    let connection: PostgresConnection
    let logger: Logger

    public func run(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await DatabaseSpan.query(query.sql) { try await connection.query(query, logger: logger) }
    }

    public func run<Statement: PreparedQuery>(_ statement: Statement) async throws -> [PostgresRow] {
        try await DatabaseSpan.query(Statement.sql) { try await connection.execute(statement, logger: logger).collect() }
    }
}

public typealias Transaction = LeasedConnection
public typealias TenantConnection = LeasedConnection
