import LedgerCore
import PostgresNIO

/// Rounds of jobs that one replica at a time should run (Migrations/0016).
public struct JobRoundRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Whether this transaction runs the round of `name`: it holds the job's advisory lock
    /// until it ends (another replica trying meanwhile gets false at once) and no round of it
    /// ran within the last nine tenths of `interval` (so replicas whose clocks tick apart
    /// still run one round per interval between them).
    public func claim(_ name: String, every interval: Duration) async throws -> Bool {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        return try await db.first(
            """
            WITH locked AS (SELECT pg_try_advisory_xact_lock(hashtextextended(\(name), 0)) AS held)
            INSERT INTO job_rounds (name, last_run_at)
            SELECT \(name), now() FROM locked WHERE held
            ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at
            WHERE job_rounds.last_run_at <= now() - make_interval(secs => \(seconds * 0.9))
            RETURNING name
            """, as: String.self) != nil
    }
}
