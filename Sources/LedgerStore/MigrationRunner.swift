import LedgerCore
import Logging
import PostgresNIO

/// Applies the embedded migrations. Each file runs in its own transaction and is recorded
/// with its checksum; a PostgreSQL advisory lock makes replicas that start together apply
/// each file once; an applied file whose text changed stops everything.
public struct MigrationRunner: Sendable {
    /// Arbitrary, fixed: the advisory-lock key every TokenLedger process uses for migrations.
    static let advisoryLockKey: Int64 = 0x746F_6B65_6E6C_6467

    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration] = Migration.embedded) {
        self.database = database
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies what is pending and answers the names it applied.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await database.withConnection { connection in
            let session = Transaction(connection: connection, logger: database.logger)
            try await session.execute("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
            do {
                let applied = try await apply(on: connection, session: session)
                try await session.execute("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
                return applied
            } catch {
                try? await session.execute("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
                throw error
            }
        }
    }

    /// Compares the database with the embedded files, without changing anything.
    public func status() async throws -> MigrationStatus {
        try await status(on: database)
    }

    private func apply(on connection: PostgresConnection, session: Transaction) async throws -> [String] {
        try await session.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let current = try await status(on: session)
        if let problem = current.problem { throw problem }
        var appliedNames: [String] = []
        for migration in migrations where current.pending.contains(migration.name) {
            let checksum = current.checksums[migration.version] ?? ""
            do {
                _ = try await connection.withTransaction(logger: database.logger) { connection in
                    let transaction = Transaction(connection: connection, logger: database.logger)
                    for statement in SQLScript.statements(in: migration.sql) {
                        try await transaction.execute(PostgresQuery(unsafeSQL: statement))
                    }
                    try await transaction.execute(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(checksum))
                        """)
                }
            } catch let error as PostgresTransactionError {
                throw MigrationError.failed(
                    name: migration.name,
                    reason: String(reflecting: error.closureError ?? error.beginError ?? error.commitError ?? error))
            }
            database.logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
            appliedNames.append(migration.name)
        }
        return appliedNames
    }

    private func status(on runner: some QueryRunner) async throws -> MigrationStatus {
        let checksums = try await checksums(on: runner)
        let exists = try await runner.first(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", as: Bool.self) ?? false
        let applied = exists
            ? try await runner.all(
                "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
                reading: { (version: try $0("version", as: Int.self), name: try $0("name", as: String.self), checksum: try $0("checksum", as: String.self)) })
            : []
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let appliedVersions = Set(applied.map(\.version))
        return MigrationStatus(
            pending: migrations.filter { !appliedVersions.contains($0.version) }.map(\.name),
            changed: applied.filter { row in known[row.version].map { checksums[$0.version] != row.checksum } ?? false }
                .map(\.name),
            unknown: applied.filter { known[$0.version] == nil }.map(\.name),
            checksums: checksums)
    }

    /// SHA-256 of each file, computed by PostgreSQL so the store needs no crypto library.
    private func checksums(on runner: some QueryRunner) async throws -> [Int: String] {
        let versions = migrations.map(\.version)
        let texts = migrations.map(\.sql)
        let rows = try await runner.all(
            """
            SELECT version, encode(sha256(convert_to(sql, 'UTF8')), 'hex') AS checksum
            FROM unnest(\(versions)::integer[], \(texts)::text[]) AS files(version, sql)
            """,
            reading: { (try $0("version", as: Int.self), try $0("checksum", as: String.self)) })
        return Dictionary(uniqueKeysWithValues: rows)
    }
}

public struct MigrationStatus: Sendable, Equatable {
    /// Embedded files not yet applied.
    public var pending: [String]
    /// Applied files whose text in this binary differs from what was applied.
    public var changed: [String]
    /// Applied files this binary does not have (a newer version migrated the database).
    public var unknown: [String]
    var checksums: [Int: String]

    public var isCurrent: Bool { pending.isEmpty && changed.isEmpty }

    var problem: MigrationError? {
        if !changed.isEmpty { return .changed(changed) }
        if !unknown.isEmpty { return .unknownApplied(unknown) }
        return nil
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case changed([String])
    case unknownApplied([String])
    case failed(name: String, reason: String)

    public var description: String {
        switch self {
        case .changed(let names):
            "Refusing to migrate: already-applied migrations were edited: \(names.joined(separator: ", ")). "
                + "Applied migrations are never changed; add a new file instead."
        case .unknownApplied(let names):
            "Refusing to migrate: the database has migrations this binary does not know: "
                + "\(names.joined(separator: ", ")). Is a newer TokenLedger running against it?"
        case .failed(let name, let reason):
            "Migration \(name) failed and was rolled back: \(reason)"
        }
    }
}
