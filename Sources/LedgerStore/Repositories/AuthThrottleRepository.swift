public import Foundation
import LedgerCore
import PostgresNIO

/// Failed sign-in counters per key (`account:<email>`, `ip:<address>`), shared by replicas.
public struct AuthThrottleRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// The latest lock among `keys`, if any is still locked.
    public func lockedUntil(_ keys: [String]) async throws -> Date? {
        try await db.first(
            "SELECT max(locked_until) FROM auth_throttle WHERE key = ANY(\(keys)) AND locked_until > now()",
            as: Date?.self) ?? nil
    }

    /// Counts a failure in the current window; at `limit` failures the key locks for
    /// `lockSeconds`. Answers the lock's end when this failure set it.
    public func recordFailure(_ key: String, limit: Int, windowSeconds: Int, lockSeconds: Int) async throws -> Date? {
        try await db.first(
            """
            INSERT INTO auth_throttle AS t (key, failures, window_started_at) VALUES (\(key), 1, now())
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.window_started_at < now() - make_interval(secs => \(windowSeconds))
                                THEN 1 ELSE t.failures + 1 END,
                window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => \(windowSeconds))
                                THEN now() ELSE t.window_started_at END
            RETURNING CASE WHEN failures >= \(limit) THEN now() + make_interval(secs => \(lockSeconds)) END
            """, as: Date?.self) ?? nil
    }

    public func lock(_ key: String, until: Date) async throws {
        try await db.execute("UPDATE auth_throttle SET locked_until = \(until), failures = 0, window_started_at = now() WHERE key = \(key)")
    }

    public func clear(_ key: String) async throws {
        try await db.execute("DELETE FROM auth_throttle WHERE key = \(key)")
    }
}
