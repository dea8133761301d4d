import Foundation
public import LedgerCore
import PostgresNIO

/// Users are global: one person, one email, possibly in several organizations.
public struct UserRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    private static let names = ["id", "email", "name", "status", "is_operator", "created_at"]
    static let columns = names.map { "u.\($0)" }.joined(separator: ", ")

    /// The same columns named `prefix` + name, for joins with tables that share their names.
    static func columns(as prefix: String) -> String {
        names.map { "u.\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }

    static func user(_ column: RowColumns) throws -> User {
        User(
            id: UserID(try column("id", as: UUID.self)), email: try column("email"), name: try column("name"),
            status: UserStatus(rawValue: try column("status")) ?? .disabled, isOperator: try column("is_operator"),
            createdAt: try column("created_at"))
    }

    public func create(_ user: User, passwordHash: String?) async throws {
        try await db.execute(
            """
            INSERT INTO users (id, email, name, password_hash, status, is_operator)
            VALUES (\(user.id.uuid), \(user.email), \(user.name), \(passwordHash), \(user.status.rawValue), \(user.isOperator))
            """)
    }

    /// The user with this email in any letter case, with the stored password hash.
    public func findForSignIn(email: String) async throws -> (user: User, passwordHash: String?)? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns), u.password_hash FROM users u WHERE lower(u.email) = lower(\(email))
            """, reading: { (try Self.user($0), try $0("password_hash", as: String?.self)) })
    }

    public func find(id: UserID) async throws -> User? {
        try await db.first("SELECT \(unescaped: Self.columns) FROM users u WHERE u.id = \(id.uuid)", reading: Self.user)
    }

    public func setPasswordHash(_ hash: String, for id: UserID) async throws {
        try await db.execute("UPDATE users SET password_hash = \(hash), updated_at = now() WHERE id = \(id.uuid)")
    }

    public func update(_ user: User) async throws {
        try await db.execute(
            """
            UPDATE users SET name = \(user.name), status = \(user.status.rawValue), updated_at = now()
            WHERE id = \(user.id.uuid)
            """)
    }
}

/// Who belongs to an organization, with which role. Every method takes the tenant first.
public struct MembershipRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    public func add(_ scope: TenantScope, user: UserID, role: Role) async throws {
        try await db.execute(
            "INSERT INTO memberships (org_id, user_id, role) VALUES (\(scope.orgID.uuid), \(user.uuid), \(role.rawValue))")
    }

    public func member(_ scope: TenantScope, user: UserID) async throws -> Member? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns)
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.org_id = \(scope.orgID.uuid) AND m.user_id = \(user.uuid)
            """, reading: Self.member)
    }

    public func members(_ scope: TenantScope, page: PageRequest) async throws -> Page<Member> {
        let sortKey = PageCursor.sortKey("m.created_at")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key
            FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.org_id = \(scope.orgID.uuid) AND (\(unescaped: sortKey), u.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, u.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.member)
    }

    public func setRole(_ scope: TenantScope, user: UserID, role: Role) async throws {
        try await db.execute(
            """
            UPDATE memberships SET role = \(role.rawValue), updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND user_id = \(user.uuid)
            """)
    }

    public func remove(_ scope: TenantScope, user: UserID) async throws {
        try await db.execute("DELETE FROM memberships WHERE org_id = \(scope.orgID.uuid) AND user_id = \(user.uuid)")
    }

    /// Owners, locked for the rest of the transaction, so two concurrent demotions cannot
    /// both see "another owner remains".
    public func lockOwners(_ scope: TenantScope) async throws -> [UserID] {
        try await db.all(
            """
            SELECT user_id FROM memberships WHERE org_id = \(scope.orgID.uuid) AND role = 'owner' FOR UPDATE
            """, as: UUID.self
        ).map { UserID($0) }
    }

    /// The organizations a user may act in with the memberships, oldest first, in one read:
    /// across organizations on purpose (sign-in and switching choose among them).
    public func memberships(of user: UserID) async throws -> [(member: Member, organization: Organization)] {
        try await db.all(
            prepared: MembershipsOfUser(user: user.uuid), reading: { column in
                try Role(rawValue: column("role")).map { role in
                    (Member(user: try UserRepository.user(column.prefixed("user_")), role: role, joinedAt: try column("joined_at")),
                     try OrganizationRepository.organization(column))
                }
            }
        ).compactMap { $0 }
    }

    static let columns = "\(UserRepository.columns), m.role, m.created_at AS joined_at"

    /// Prepared: every `auth/me` runs it, and planning its join cost more than running it.
    struct MembershipsOfUser: PreparedQuery {
        static let sql = """
            SELECT \(OrganizationRepository.columns("o")), m.role, m.created_at AS joined_at, \(UserRepository.columns(as: "user_"))
            FROM memberships m JOIN organizations o ON o.id = m.org_id JOIN users u ON u.id = m.user_id
            WHERE m.user_id = $1 ORDER BY m.created_at
            """
        let user: UUID

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            binds.append(user)
            return binds
        }
    }

    static func member(_ column: RowColumns) throws -> Member {
        Member(
            user: try UserRepository.user(column), role: Role(rawValue: try column("role")) ?? .viewer,
            joinedAt: try column("joined_at"))
    }
}
