import Foundation
public import LedgerCore
import PostgresNIO

/// A delivery claimed by a worker, with what sending it takes.
public struct ClaimedWebhookDelivery: Sendable {
    public var delivery: WebhookDelivery
    public var url: String
    /// The secrets that sign it: the current one, and the previous one during a rotation.
    public var secrets: [String]
    /// The number of the attempt about to be made, across redeliveries.
    public var attemptNumber: Int
    /// The announcing change's trace context (`traceparent`, `tracestate`).
    public var traceContext: [String: String]
}

/// The delivery workers' side of the outbox, across organizations (the main pool).
public struct WebhookDispatchRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Up to `limit` due deliveries of enabled endpoints, oldest due first, leased for `lease`:
    /// their next attempt moves past it, so a worker that dies mid-delivery (SIGKILL) leaves
    /// them due again for any replica, with the same `webhook-id`. Rows another worker is
    /// claiming at the same moment are skipped, not waited for.
    public func claimDue(limit: Int, lease: Duration) async throws -> [ClaimedWebhookDelivery] {
        let leaseSeconds = Double(lease.components.seconds) + Double(lease.components.attoseconds) / 1e18
        return try await db.all(
            """
            WITH due AS (
                SELECT d.org_id, d.id FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.org_id = d.org_id AND e.id = d.endpoint_id AND e.enabled
                WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at LIMIT \(limit)
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
            FROM due, webhook_endpoints e
            WHERE d.org_id = due.org_id AND d.id = due.id AND e.org_id = d.org_id AND e.id = d.endpoint_id
            RETURNING \(unescaped: WebhookDeliveryRepository.columns), e.url, e.secret,
                CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END AS previous_secret,
                (SELECT COALESCE(max(a.number), 0) + 1 FROM webhook_attempts a
                 WHERE a.org_id = d.org_id AND a.delivery_id = d.id) AS attempt_number, d.trace_context::text AS trace_context
            """,
            reading: { column in
                ClaimedWebhookDelivery(
                    delivery: try WebhookDeliveryRepository.delivery(column), url: try column("url"),
                    secrets: [try column("secret")] + [try column("previous_secret", as: String?.self)].compactMap { $0 },
                    attemptNumber: try column("attempt_number"),
                    traceContext: JSONColumn.object(try column("trace_context"), of: String.self))
            })
    }

    /// Logs the attempt and moves the delivery on as `decision` says.
    public func record(
        _ attempt: WebhookAttempt, of delivery: WebhookDelivery, decision: WebhookRetryPolicy.Decision
    ) async throws {
        let status: WebhookDelivery.Status
        var nextAttemptAt: Date?
        switch decision {
        case .delivered: status = .delivered
        case .retry(let at):
            status = .pending
            nextAttemptAt = at
        case .exhausted, .gone: status = .failed
        }
        try await db.execute(
            """
            WITH logged AS (
                INSERT INTO webhook_attempts (org_id, delivery_id, number, attempted_at, status_code, latency_ms, response)
                VALUES (\(delivery.orgID.uuid), \(delivery.id.uuid), \(attempt.number), \(attempt.attemptedAt),
                        \(attempt.statusCode), \(attempt.latencyMilliseconds), \(attempt.response))
                ON CONFLICT DO NOTHING
            )
            UPDATE webhook_deliveries SET status = \(status.rawValue), attempt_count = attempt_count + 1,
                next_attempt_at = \(nextAttemptAt),
                delivered_at = CASE WHEN \(status.rawValue) = 'delivered' THEN \(attempt.attemptedAt) END
            WHERE org_id = \(delivery.orgID.uuid) AND id = \(delivery.id.uuid)
            """)
    }
}
