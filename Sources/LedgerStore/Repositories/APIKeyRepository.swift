public import Foundation
public import LedgerCore
import NIOCore
import PostgresNIO

public struct APIKeyRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns =
        "k.id, k.org_id, k.name, k.prefix, k.permissions, k.created_by, k.created_at, k.last_used_at, k.expires_at, k.revoked_at"

    static func key(_ column: RowColumns) throws -> APIKey {
        APIKey(
            id: APIKeyID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)), name: try column("name"),
            prefix: try column("prefix"), permissions: Set(try column("permissions", as: [String].self).compactMap(Permission.init)),
            createdBy: try column("created_by", as: UUID?.self).map(UserID.init), createdAt: try column("created_at"),
            lastUsedAt: try column("last_used_at"), expiresAt: try column("expires_at"), revokedAt: try column("revoked_at"))
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
        try await db.all(prepared: Find(org: scope.orgID.uuid, id: id.uuid), reading: Self.key).first
    }

    /// Prepared: the read behind every `GET /api-keys/{id}` (and the baseline of tenant reads).
    struct Find: PreparedQuery {
        static let sql = "SELECT \(columns) FROM api_keys k WHERE k.org_id = $1 AND k.id = $2"
        let org: UUID
        let id: UUID

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            binds.append(org)
            binds.append(id)
            return binds
        }
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<APIKey> {
        let sortKey = PageCursor.sortKey("k.created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM api_keys k
            WHERE k.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), k.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, k.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.key)
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
            SELECT \(unescaped: Self.columns), o.status = 'active' AS org_active
            FROM api_keys k JOIN organizations o ON o.id = k.org_id WHERE k.secret_hash = \(ByteBuffer(bytes: digest))
            """, reading: { (try Self.key($0), try $0("org_active", as: Bool.self)) })
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
