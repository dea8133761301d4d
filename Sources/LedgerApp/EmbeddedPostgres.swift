public import Foundation
public import LedgerStore
public import Logging
import PostgresNIO

/// The embedded default: a private PostgreSQL cluster in a data folder, created on first use,
/// reached over a unix socket only, stopped when the server stops.
public struct EmbeddedPostgres: Sendable {
    public static let databaseName = "tokenledger"
    static let superuser = "tokenledger"
    static let port = 5432

    public let dataDirectory: URL
    let binDirectory: URL
    /// The unprivileged account the cluster runs as when we are root.
    let clusterUser: String?

    public struct NotInstalled: Error, CustomStringConvertible {
        public var description: String {
            """
            No PostgreSQL server found: `initdb` and `pg_ctl` are neither on PATH nor in /usr/lib/postgresql/*/bin.
            Install the server (Debian/Ubuntu: `apt-get install postgresql`), or set DATABASE_URL to an existing server.
            """
        }
    }

    public init(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.dataDirectory = URL(fileURLWithPath: dataDirectory).standardizedFileURL
        self.binDirectory = try Self.locateBinaries(path: environment["PATH"] ?? "")
        self.clusterUser = getuid() == 0 ? try Self.unprivilegedUser() : nil
    }

    /// Where the socket lives: beside the data folder, or under /tmp when that path would
    /// pass the 107-byte limit of a unix socket address.
    var socketDirectory: URL {
        let beside = dataDirectory.deletingLastPathComponent().appendingPathComponent("socket")
        if beside.path.utf8.count + 20 < 100 { return beside }
        var hasher = Hasher()
        hasher.combine(dataDirectory.path)
        return URL(fileURLWithPath: "/tmp/tokenledger-\(String(UInt64(bitPattern: Int64(hasher.finalize())), radix: 36))")
    }

    var logFile: URL { dataDirectory.deletingLastPathComponent().appendingPathComponent("postgres.log") }

    public var configuration: DatabaseConfiguration {
        DatabaseConfiguration(
            endpoint: .unixSocket(path: socketDirectory.appendingPathComponent(".s.PGSQL.\(Self.port)").path),
            username: Self.superuser, database: Self.databaseName)
    }

    /// Creates the cluster if the folder holds none, then starts it unless it already runs.
    /// Answers whether this call started it (and so should stop it).
    public func start() throws -> Bool {
        let fileManager = FileManager.default
        let runner = CommandRunner(user: clusterUser)
        let fresh = !fileManager.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
        for directory in [dataDirectory, socketDirectory] {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            try fileManager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
            if let clusterUser {
                try CommandRunner().run("/bin/chown", ["-R", clusterUser, directory.path])
            }
        }
        if fresh {
            try runner.run(tool("initdb"), [
                "-D", dataDirectory.path, "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--no-locale",
            ])
        }
        if try runner.run(tool("pg_ctl"), ["-D", dataDirectory.path, "status"], allowFailure: true).status == 0 {
            return false
        }
        if let clusterUser {
            _ = fileManager.createFile(atPath: logFile.path, contents: nil)
            try CommandRunner().run("/bin/chown", [clusterUser, logFile.path])
        }
        try runner.run(tool("pg_ctl"), [
            "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60",
            "-o", "-c listen_addresses='' -k \(socketDirectory.path) -p \(Self.port)", "start",
        ])
        return true
    }

    /// Creates the application database on a fresh cluster.
    public func createDatabaseIfMissing(logger: Logger) async throws {
        let database = Database(configuration: configuration.database(named: "postgres"), logger: logger)
        try await database.whileRunning {
            let exists = try await database.first(
                "SELECT true FROM pg_database WHERE datname = \(Self.databaseName)", as: Bool.self) ?? false
            if !exists {
                try await database.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(Self.databaseName)"))
            }
        }
    }

    /// Fast shutdown: open sessions are ended, the data is left consistent.
    public func stop() throws {
        try CommandRunner(user: clusterUser).run(tool("pg_ctl"), ["-D", dataDirectory.path, "-m", "fast", "-w", "stop"])
    }

    private func tool(_ name: String) -> String { binDirectory.appendingPathComponent(name).path }

    static func locateBinaries(path: String) throws -> URL {
        let fileManager = FileManager.default
        var candidates = path.split(separator: ":").map { URL(fileURLWithPath: String($0)) }
        let versions = (try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            .map { URL(fileURLWithPath: "/usr/lib/postgresql/\($0)/bin") }
        guard let found = candidates.first(where: { directory in
            ["initdb", "pg_ctl"].allSatisfy {
                fileManager.isExecutableFile(atPath: directory.appendingPathComponent($0).path)
            }
        }) else { throw NotInstalled() }
        return found
    }

    /// `postgres` when the system has it, otherwise a `tokenledger` system account made now.
    static func unprivilegedUser() throws -> String {
        for name in ["postgres", "tokenledger"] where getpwnam(name) != nil { return name }
        try CommandRunner().run("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "tokenledger"])
        return "tokenledger"
    }
}
