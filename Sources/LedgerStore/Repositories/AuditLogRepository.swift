import Foundation
import LedgerCore
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
        let rows = try await db.all(
            """
            SELECT id, org_id, occurred_at, actor_type, actor_id, action, target_type, target_id, ip, user_agent,
                   request_id, details::text
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
            as: (Int64, UUID?, Date, String, UUID?, String, String?, String?, String?, String?, String?, String).self)
        let events = rows.prefix(limit).map { row in
            AuditEvent(
                id: row.0, orgID: row.1.map(OrgID.init), occurredAt: row.2,
                actorType: AuditEvent.ActorType(rawValue: row.3) ?? .system, actorID: row.4, action: row.5,
                targetType: row.6, targetID: row.7,
                origin: RequestOrigin(ip: row.8, userAgent: row.9, requestID: row.10 ?? ""),
                details: JSONColumn.object(row.11))
        }
        return Page(items: Array(events), nextCursor: rows.count > limit ? events.last.map { String($0.id) } : nil)
    }
}
