import Foundation
import LedgerServices
public import LedgerStore
public import Logging
import PostgresNIO

/// A database of its own for one test, copied from a template that was migrated once per
/// set of migration files. Tests run in parallel without seeing each other's rows.
public struct TestDatabase: Sendable {
    public let configuration: DatabaseConfiguration
    public let name: String

    /// The server the test command started (`TEST_DATABASE_URL`). Only local servers: the
    /// tests create and drop databases.
    public static func serverConfiguration() throws -> DatabaseConfiguration {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            throw TestSetupError("TEST_DATABASE_URL is not set: run the tests with scripts/test")
        }
        let configuration = try DatabaseConfiguration(url: url)
        if case .tcp(let host, _) = configuration.endpoint, !["127.0.0.1", "localhost", "::1"].contains(host) {
            throw TestSetupError("TEST_DATABASE_URL must point at a local server, not \(host)")
        }
        return configuration
    }

    /// Runs `body` with a fresh, migrated database and drops it afterwards.
    @discardableResult
    public static func with<Result: Sendable>(
        migrated: Bool = true, _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try await create(migrated: migrated)
        do {
            let result = try await body(database)
            try await database.drop()
            return result
        } catch {
            try? await database.drop()
            throw error
        }
    }

    static func create(migrated: Bool) async throws -> TestDatabase {
        let server = try serverConfiguration()
        let template = migrated ? try await TemplateDatabase.shared.name(on: server) : "template0"
        let name = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await AdminConnection.run(on: server) { admin in
            try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"))
        }
        var configuration = server.database(named: name)
        // Dozens of suites run at once against one server: small pools keep them under its
        // connection limit (a pool waits, unbounded, for a connection the server refuses).
        configuration.maximumConnections = 4
        return TestDatabase(configuration: configuration, name: name)
    }

    public func drop() async throws {
        let server = try Self.serverConfiguration()
        try await AdminConnection.run(on: server) { admin in
            try await admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    /// A pool on this database, running for the duration of `body`.
    @discardableResult
    public func withDatabase<Result: Sendable>(_ body: (Database) async throws -> Result) async throws -> Result {
        let database = Database(configuration: configuration, logger: .quiet)
        return try await database.whileRunning { try await body(database) }
    }
}

/// Makes the migrated template once per process, under an advisory lock so that several
/// test processes agree; its name carries a hash of the migrations, so a changed set gets
/// a new template.
actor TemplateDatabase {
    static let shared = TemplateDatabase()
    private var ready: String?

    func name(on server: DatabaseConfiguration) async throws -> String {
        if let ready { return ready }
        let name = "tl_template_\(Self.fingerprint())"
        try await AdminConnection.run(on: server) { admin in
            try await admin.execute("SELECT pg_advisory_lock(7461)")
            let exists = try await admin.first(
                "SELECT true FROM pg_database WHERE datname = \(name)", as: Bool.self) ?? false
            if !exists {
                let building = "\(name)_building"
                try await admin.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(building) WITH (FORCE)"))
                try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(building) TEMPLATE template0"))
                let database = Database(configuration: server.database(named: building), logger: .quiet)
                try await database.whileRunning { try await DatabaseSetup.run(database) }
                try await admin.execute(PostgresQuery(unsafeSQL: "ALTER DATABASE \(building) RENAME TO \(name)"))
            }
            try await admin.execute("SELECT pg_advisory_unlock(7461)")
        }
        ready = name
        return name
    }

    /// FNV-1a over every migration's name and text: stable across processes.
    static func fingerprint() -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for migration in Migration.embedded {
            for byte in (migration.name + "\u{0}" + migration.sql).utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        // The shipped catalog is part of the template too.
        for byte in PriceCatalogService.shippedCatalog { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}

/// One connection to the server's `postgres` database, for CREATE/DROP DATABASE.
enum AdminConnection {
    static func run<Result: Sendable>(
        on server: DatabaseConfiguration, _ body: (Database) async throws -> Result
    ) async throws -> Result {
        var configuration = server
        configuration.maximumConnections = 1
        let database = Database(configuration: configuration, logger: .quiet)
        return try await database.whileRunning { try await body(database) }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Logger {
    /// For tests: only errors are printed.
    public static var quiet: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }
}
