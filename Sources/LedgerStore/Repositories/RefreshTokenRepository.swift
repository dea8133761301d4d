public import Foundation
public import LedgerCore
import NIOCore
import PostgresNIO

/// Refresh tokens, kept as digests, grouped in families (one per sign-in).
public struct RefreshTokenRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    public struct Stored: Sendable {
        public var id: UUID
        public var orgID: OrgID
        public var userID: UserID
        public var familyID: UUID
        public var expiresAt: Date
        public var spent: Bool
        public var revoked: Bool
    }

    public func insert(
        _ scope: TenantScope, user: UserID, family: UUID, digest: [UInt8], expiresAt: Date
    ) async throws {
        try await db.execute(
            """
            INSERT INTO refresh_tokens (org_id, id, user_id, family_id, token_hash, expires_at)
            VALUES (\(scope.orgID.uuid), \(UUID()), \(user.uuid), \(family), \(ByteBuffer(bytes: digest)), \(expiresAt))
            """)
    }

    /// Looked up by digest: the token itself is how its organization becomes known.
    public func find(digest: [UInt8]) async throws -> Stored? {
        try await db.first(
            """
            SELECT id, org_id, user_id, family_id, expires_at, spent_at IS NOT NULL AS spent, revoked_at IS NOT NULL AS revoked
            FROM refresh_tokens WHERE token_hash = \(ByteBuffer(bytes: digest))
            """, reading: { column in
                Stored(
                    id: try column("id"), orgID: OrgID(try column("org_id", as: UUID.self)),
                    userID: UserID(try column("user_id", as: UUID.self)), familyID: try column("family_id"),
                    expiresAt: try column("expires_at"), spent: try column("spent"), revoked: try column("revoked"))
            })
    }

    /// Marks the token spent if nobody did first; false means it was already spent (reuse).
    public func spend(_ scope: TenantScope, id: UUID) async throws -> Bool {
        try await db.first(
            """
            UPDATE refresh_tokens SET spent_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(id) AND spent_at IS NULL AND revoked_at IS NULL
            RETURNING true
            """, as: Bool.self) ?? false
    }

    public func revokeFamily(_ scope: TenantScope, family: UUID) async throws {
        try await db.execute(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND family_id = \(family) AND revoked_at IS NULL
            """)
    }

    /// Ends every session of a user in an organization (removed, disabled, role changed).
    public func revokeAll(_ scope: TenantScope, user: UserID) async throws {
        try await db.execute(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND user_id = \(user.uuid) AND revoked_at IS NULL
            """)
    }
}
