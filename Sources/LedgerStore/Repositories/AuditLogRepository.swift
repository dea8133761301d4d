import Foundation
public import LedgerCore
import PostgresNIO

/// The append-only audit trail. There is no update or delete method, and the table's
/// trigger refuses both.
public struct AuditLogRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    public func append(_ event: AuditEvent) async throws {
        try await db.execute(
            """
            INSERT INTO audit_log (org_id, actor_type, actor_id, action, target_type, target_id, ip, user_agent,
                                   request_id, details)
            VALUES (\(event.orgID?.uuid), \(event.actorType.rawValue), \(event.actorID), \(event.action),
                    \(event.targetType), \(event.targetID), \(event.origin?.ip), \(event.origin?.userAgent),
                    \(event.origin?.requestID), \(JSONColumn.text(event.details))::jsonb)
            """)
    }

    /// Newest first; the cursor is the id of the last event seen.
    public func list(_ scope: TenantScope, filter: AuditFilter, limit: Int, before: Int64?) async throws -> Page<AuditEvent> {
        let events = try await db.all(
            """
            SELECT id, org_id, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent,
                   request_id, details::text AS details
            FROM audit_log
            WHERE org_id = \(scope.orgID.uuid)
              AND id < \(before ?? Int64.max)
              AND (\(filter.actorID)::uuid IS NULL OR actor_id = \(filter.actorID))
              AND (\(filter.action)::text IS NULL OR action = \(filter.action))
              AND (\(filter.targetID)::text IS NULL OR target_id = \(filter.targetID))
              AND occurred_at >= COALESCE(\(filter.range.start)::timestamptz, '-infinity')
              AND occurred_at < COALESCE(\(filter.range.end)::timestamptz, 'infinity')
            ORDER BY id DESC LIMIT \(limit + 1)
            """,
            reading: { column in
                AuditEvent(
                    id: try column("id"), orgID: try column("org_id", as: UUID?.self).map(OrgID.init),
                    occurredAt: try column("occurred_at"),
                    actorType: AuditEvent.ActorType(rawValue: try column("actor_type")) ?? .system, actorID: try column("actor_id"),
                    action: try column("action"), targetType: try column("target_type"), targetID: try column("target_id"),
                    origin: RequestOrigin(
                        ip: try column("ip"), userAgent: try column("user_agent"), requestID: try column("request_id", as: String?.self) ?? ""),
                    details: JSONColumn.object(try column("details")))
            })
        let visible = events.prefix(limit)
        return Page(items: Array(visible), nextCursor: events.count > limit ? visible.last.map { String($0.id) } : nil)
    }
}
