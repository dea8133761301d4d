import Foundation
public import LedgerCore
import PostgresNIO

/// The webhook outbox: one delivery per event and subscribed endpoint, written in the
/// transaction of the change that caused the event, and the attempts made at it.
public struct WebhookDeliveryRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Workers listen here to start at once on a new event instead of at their next poll.
    public static let dueChannel = "tl_webhook_due"

    /// One delivery of the event to every enabled endpoint of the organization that subscribes
    /// to its type (or to `endpoint` alone), and a wake-up for the workers on commit; the
    /// deliveries made.
    public func enqueue(
        orgID: OrgID, eventID: WebhookEventID, type: WebhookEventType, payload: String, to endpoint: WebhookEndpointID?,
        traceContext: [String: String] = [:]
    ) async throws -> [WebhookDeliveryID] {
        try await db.first(
            """
            WITH queued AS (
                INSERT INTO webhook_deliveries (org_id, id, endpoint_id, event_id, event_type, payload, next_attempt_at, trace_context)
                SELECT e.org_id, gen_random_uuid(), e.id, \(eventID.uuid), \(type.rawValue), \(payload), now(),
                    \(JSONColumn.text(traceContext))::jsonb
                FROM webhook_endpoints e
                WHERE e.org_id = \(orgID.uuid) AND e.enabled
                  AND (\(endpoint?.uuid)::uuid IS NULL OR e.id = \(endpoint?.uuid))
                  AND (\(endpoint?.uuid)::uuid IS NOT NULL OR cardinality(e.event_types) = 0
                       OR \(type.rawValue) = ANY (e.event_types))
                RETURNING id
            )
            SELECT array_agg(id) AS ids, \(unescaped: Self.wakeWorkers("count(*)")) FROM queued
            """, reading: { try $0("ids", as: [UUID]?.self) ?? [] })?.map(WebhookDeliveryID.init) ?? []
    }

    /// A column that notifies the workers on commit when `count` is above zero.
    private static func wakeWorkers(_ count: String) -> String {
        "CASE WHEN \(count) > 0 THEN pg_notify('\(dueChannel)', '')::text END AS woken"
    }

    static let columns = """
        d.org_id, d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.status, d.attempt_count, d.next_attempt_at,
        d.created_at, d.delivered_at
        """

    static func delivery(_ column: RowColumns) throws -> WebhookDelivery {
        WebhookDelivery(
            id: WebhookDeliveryID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
            endpointID: WebhookEndpointID(try column("endpoint_id", as: UUID.self)),
            eventID: WebhookEventID(try column("event_id", as: UUID.self)),
            eventType: WebhookEventType(rawValue: try column("event_type")) ?? .webhookTest, payload: try column("payload"),
            status: WebhookDelivery.Status(rawValue: try column("status")) ?? .failed, attemptCount: try column("attempt_count"),
            nextAttemptAt: try column("next_attempt_at"), createdAt: try column("created_at"),
            deliveredAt: try column("delivered_at"))
    }

    /// An endpoint's deliveries, newest first, each with its attempts.
    public func list(_ scope: TenantScope, endpoint: WebhookEndpointID, page: PageRequest) async throws -> Page<WebhookDelivery> {
        let sortKey = "(-\(PageCursor.sortKey("d.created_at")))"
        let deliveries = try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM webhook_deliveries d
            WHERE d.org_id = \(scope.orgID.uuid) AND d.endpoint_id = \(endpoint.uuid)
              AND (\(unescaped: sortKey), d.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, d.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.delivery)
        return Page(items: try await withAttempts(scope, deliveries.items), nextCursor: deliveries.nextCursor)
    }

    public func find(_ scope: TenantScope, id: WebhookDeliveryID) async throws -> WebhookDelivery? {
        let found = try await db.first(
            "SELECT \(unescaped: Self.columns) FROM webhook_deliveries d WHERE d.org_id = \(scope.orgID.uuid) AND d.id = \(id.uuid)",
            reading: Self.delivery)
        guard let found else { return nil }
        return try await withAttempts(scope, [found])[0]
    }

    private func withAttempts(_ scope: TenantScope, _ deliveries: [WebhookDelivery]) async throws -> [WebhookDelivery] {
        guard !deliveries.isEmpty else { return [] }
        let attempts = try await db.all(
            """
            SELECT delivery_id, number, attempted_at, status_code, latency_ms, response FROM webhook_attempts
            WHERE org_id = \(scope.orgID.uuid) AND delivery_id = ANY (\(deliveries.map(\.id.uuid))::uuid[])
            ORDER BY delivery_id, number
            """,
            reading: { column in
                (
                    WebhookDeliveryID(try column("delivery_id", as: UUID.self)),
                    WebhookAttempt(
                        number: try column("number"), attemptedAt: try column("attempted_at"),
                        statusCode: try column("status_code"), latencyMilliseconds: try column("latency_ms"),
                        response: try column("response"))
                )
            })
        let byDelivery = Dictionary(grouping: attempts, by: \.0)
        return deliveries.map { delivery in
            var delivery = delivery
            delivery.attempts = byDelivery[delivery.id, default: []].map(\.1)
            return delivery
        }
    }

    /// Due again now, with a fresh retry schedule and the same `webhook-id`. False when there
    /// is no such delivery.
    public func redeliver(_ scope: TenantScope, id: WebhookDeliveryID) async throws -> Bool {
        try await db.first(
            """
            WITH again AS (
                UPDATE webhook_deliveries SET status = 'pending', attempt_count = 0, next_attempt_at = now(), delivered_at = NULL
                WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid) RETURNING id
            )
            SELECT count(*) AS queued, \(unescaped: Self.wakeWorkers("count(*)")) FROM again
            """, reading: { try $0("queued", as: Int.self) }) == 1
    }
}
