import Foundation
import LedgerCore
import NIOCore
import PostgresNIO

public struct APIKeyRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns =
        "k.id, k.org_id, k.name, k.prefix, k.permissions, k.created_by, k.created_at, k.last_used_at, k.expires_at, k.revoked_at"
    typealias Row = (UUID, UUID, String, String, [String], UUID?, Date, Date?, Date?, Date?)

    static func key(_ row: Row) -> APIKey {
        APIKey(
            id: APIKeyID(row.0), orgID: OrgID(row.1), name: row.2, prefix: row.3,
            permissions: Set(row.4.compactMap(Permission.init)), createdBy: row.5.map(UserID.init), createdAt: row.6,
            lastUsedAt: row.7, expiresAt: row.8, revokedAt: row.9)
    }

    public func insert(_ key: APIKey, digest: [UInt8]) async throws {
        try await db.execute(
            """
            INSERT INTO api_keys (org_id, id, name, prefix, secret_hash, permissions, created_by, expires_at)
            VALUES (\(key.orgID.uuid), \(key.id.uuid), \(key.name), \(key.prefix), \(ByteBuffer(bytes: digest)),
                    \(key.permissions.map(\.description).sorted()), \(key.createdBy?.uuid), \(key.expiresAt))
            """)
    }

    public func find(_ scope: TenantScope, id: APIKeyID) async throws -> APIKey? {
        try await db.first(
            "SELECT \(unescaped: Self.columns) FROM api_keys k WHERE k.org_id = \(scope.orgID.uuid) AND k.id = \(id.uuid)",
            as: Row.self
        ).map(Self.key)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<APIKey> {
        let sortKey = PageCursor.sortKey("k.created_at")
        let rows = try await db.all(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) FROM api_keys k
            WHERE k.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), k.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY 11, k.id::text LIMIT \(page.limit + 1)
            """, as: (UUID, UUID, String, String, [String], UUID?, Date, Date?, Date?, Date?, Int64).self)
        return PageCursor.page(rows, limit: page.limit, key: { PageCursor(micros: $0.10, id: $0.0.uuidString.lowercased()) },
            item: { Self.key(($0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6, $0.7, $0.8, $0.9)) })
    }

    public func rename(_ scope: TenantScope, id: APIKeyID, name: String) async throws {
        try await db.execute(
            """
            UPDATE api_keys SET name = \(name), updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)
            """)
    }

    public func revoke(_ scope: TenantScope, id: APIKeyID) async throws {
        try await db.execute(
            """
            UPDATE api_keys SET revoked_at = now(), updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid) AND revoked_at IS NULL
            """)
    }

    /// New secret, same id, name and permissions: the old secret stops working at once.
    public func replaceSecret(_ scope: TenantScope, id: APIKeyID, prefix: String, digest: [UInt8]) async throws {
        try await db.execute(
            """
            UPDATE api_keys SET prefix = \(prefix), secret_hash = \(ByteBuffer(bytes: digest)), updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid)
            """)
    }

    /// Authentication's lookup: the key with this digest and whether its organization is active.
    public func findForAuthentication(digest: [UInt8]) async throws -> (key: APIKey, orgActive: Bool)? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns), o.status = 'active'
            FROM api_keys k JOIN organizations o ON o.id = k.org_id WHERE k.secret_hash = \(ByteBuffer(bytes: digest))
            """, as: (UUID, UUID, String, String, [String], UUID?, Date, Date?, Date?, Date?, Bool).self
        ).map { row in
            (Self.key((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9)), row.10)
        }
    }

    /// The channel on which revocations and rotations are announced to every replica.
    public static let revocationChannel = "tl_api_key_revoked"

    /// Delivered to every listener when the surrounding transaction commits.
    public func announceRevocation(of id: APIKeyID) async throws {
        try await db.execute("SELECT pg_notify(\(Self.revocationChannel), \(id.description))")
    }

    /// One statement for many keys: last use is recorded in batches, not per request.
    public func recordLastUse(_ uses: [(orgID: OrgID, id: APIKeyID, at: Date)]) async throws {
        guard !uses.isEmpty else { return }
        try await db.execute(
            """
            UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.at)
            FROM unnest(\(uses.map(\.orgID.uuid))::uuid[], \(uses.map(\.id.uuid))::uuid[], \(uses.map(\.at))::timestamptz[])
                AS u(org_id, id, at)
            WHERE k.org_id = u.org_id AND k.id = u.id
            """)
    }
}
