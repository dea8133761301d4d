public import Foundation
public import LedgerCore
import PostgresNIO

/// An organization's webhook endpoints and their signing secrets.
public struct WebhookEndpointRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns = "e.org_id, e.id, e.url, e.description, e.event_types, e.enabled, e.disabled_reason, e.created_at, e.updated_at"

    static func endpoint(_ column: RowColumns) throws -> WebhookEndpoint {
        WebhookEndpoint(
            id: WebhookEndpointID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
            url: try column("url"), description: try column("description"),
            eventTypes: try column("event_types", as: [String].self).compactMap(WebhookEventType.init(rawValue:)),
            enabled: try column("enabled"), disabledReason: try column("disabled_reason"), createdAt: try column("created_at"),
            updatedAt: try column("updated_at"))
    }

    public func insert(_ endpoint: WebhookEndpoint, secret: String) async throws {
        try await db.execute(
            """
            INSERT INTO webhook_endpoints (org_id, id, url, description, event_types, enabled, secret, created_at, updated_at)
            VALUES (\(endpoint.orgID.uuid), \(endpoint.id.uuid), \(endpoint.url), \(endpoint.description),
                    \(endpoint.eventTypes.map(\.rawValue)), \(endpoint.enabled), \(secret), \(endpoint.createdAt),
                    \(endpoint.updatedAt))
            """)
    }

    public func find(_ scope: TenantScope, id: WebhookEndpointID) async throws -> WebhookEndpoint? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM webhook_endpoints e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = \(id.uuid)",
            reading: Self.endpoint)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<WebhookEndpoint> {
        let sortKey = PageCursor.sortKey("e.created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM webhook_endpoints e
            WHERE e.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), e.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, e.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.endpoint)
    }

    /// Applies the fields `change` sets; turning an endpoint on clears why it was off.
    public func update(_ scope: TenantScope, id: WebhookEndpointID, _ change: WebhookEndpointChange) async throws {
        try await db.execute(
            """
            UPDATE webhook_endpoints SET
                url = COALESCE(\(change.url), url), description = COALESCE(\(change.description), description),
                event_types = COALESCE(\(change.eventTypes?.map(\.rawValue))::text[], event_types),
                enabled = COALESCE(\(change.enabled), enabled),
                disabled_reason = CASE WHEN COALESCE(\(change.enabled), enabled) THEN NULL ELSE disabled_reason END,
                updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)
            """)
    }

    public func delete(_ scope: TenantScope, id: WebhookEndpointID) async throws {
        try await db.execute("DELETE FROM webhook_endpoints WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)")
    }

    /// A new secret signs from now on; the old one also signs until `previousUntil`, so a
    /// receiver can switch over without missing a delivery.
    public func rotateSecret(_ scope: TenantScope, id: WebhookEndpointID, to secret: String, previousUntil: Date) async throws {
        try await db.execute(
            """
            UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = \(previousUntil),
                secret = \(secret), updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)
            """)
    }

    /// Turned off by the server (the receiver is gone or keeps failing). False when it already was.
    public func disable(orgID: OrgID, id: WebhookEndpointID, reason: String) async throws -> Bool {
        try await db.first(
            """
            UPDATE webhook_endpoints SET enabled = false, disabled_reason = \(reason), updated_at = now()
            WHERE org_id = \(orgID.uuid) AND id = \(id.uuid) AND enabled RETURNING id
            """, as: UUID.self) != nil
    }
}
