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

    /// `dataDirectory` is the folder asked for. Run as root, the cluster runs as an unprivileged
    /// account, which cannot enter a folder under a private home such as `/root`; the cluster
    /// then lives under `relocationRoot`, in a folder named for the one asked for, so every run
    /// from that folder finds the same data.
    public init(
        dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        relocationRoot: String = "/var/lib/tokenledger"
    ) throws {
        let requested = URL(fileURLWithPath: dataDirectory).standardizedFileURL
        self.binDirectory = try Self.locateBinaries(path: environment["PATH"] ?? "")
        let clusterUser = getuid() == 0 ? try Self.unprivilegedUser() : nil
        self.clusterUser = clusterUser
        if let clusterUser, !(try Self.canEnter(requested.deletingLastPathComponent(), as: clusterUser)) {
            self.dataDirectory = URL(fileURLWithPath: relocationRoot)
                .appendingPathComponent(Self.stableName(of: requested.path)).appendingPathComponent("postgres")
        } else {
            self.dataDirectory = requested
        }
    }

    /// Whether `user` can reach `folder` (made now if missing): every folder above it must
    /// let that user through.
    static func canEnter(_ folder: URL, as user: String) throws -> Bool {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try CommandRunner(user: user).run("/usr/bin/test", ["-x", folder.path], allowFailure: true).status == 0
    }

    /// The same short name for the same path in every process (FNV-1a; `Hasher` is seeded per process).
    static func stableName(of path: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "tokenledger-" + String(hash, radix: 36)
    }

    /// Where the socket lives: beside the data folder, or under /tmp when that path would
    /// pass the 107-byte limit of a unix socket address.
    var socketDirectory: URL {
        let beside = dataDirectory.deletingLastPathComponent().appendingPathComponent("socket")
        if beside.path.utf8.count + 20 < 100 { return beside }
        return URL(fileURLWithPath: "/tmp/" + Self.stableName(of: dataDirectory.path))
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
