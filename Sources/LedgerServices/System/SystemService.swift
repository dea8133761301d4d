import LedgerCore
public import LedgerStore

/// Liveness and readiness: what `/health` and `/ready` report.
public struct SystemService: Sendable {
    public static let version = "0.1.0"

    let database: Database
    let startedAt: ContinuousClock.Instant
    let readinessTimeout: Duration

    public init(database: Database, readinessTimeout: Duration = .seconds(2)) {
        self.database = database
        self.startedAt = .now
        self.readinessTimeout = readinessTimeout
    }

    public var uptimeSeconds: Int64 { (ContinuousClock.now - startedAt).components.seconds }

    /// Ready only when the database answers within the timeout and its schema is current.
    public func readiness() async -> Readiness {
        let runner = MigrationRunner(database: database)
        let status = await withTaskGroup(of: Result<MigrationStatus, any Error>?.self) { group in
            group.addTask { await Result(catching: { try await runner.status() }) }
            group.addTask { [readinessTimeout] in
                try? await Task.sleep(for: readinessTimeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch status {
        case nil:
            return Readiness(database: .unreachable("no answer within \(readinessTimeout)"), migrations: nil)
        case .failure(let error):
            return Readiness(database: .unreachable(String(describing: error)), migrations: nil)
        case .success(let status):
            return Readiness(database: .reachable, migrations: status)
        }
    }
}

public struct Readiness: Sendable {
    public enum DatabaseState: Sendable, Equatable {
        case reachable
        case unreachable(String)
    }

    public var database: DatabaseState
    public var migrations: MigrationStatus?

    public var isReady: Bool { database == .reachable && migrations?.isCurrent == true }

    /// Why the service is not ready, in words for an operator.
    public var reason: String? {
        if case .unreachable(let why) = database { return "database unreachable: \(why)" }
        guard let migrations, !migrations.isCurrent else { return nil }
        if !migrations.changed.isEmpty { return "applied migrations changed: \(migrations.changed.joined(separator: ", "))" }
        return "migrations pending: \(migrations.pending.joined(separator: ", "))"
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
