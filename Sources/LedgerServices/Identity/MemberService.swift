import Foundation
public import LedgerCore
public import LedgerStore

/// The members of the caller's organization. Guards: nobody grants a role above their own,
/// an admin cannot touch an owner, and the last owner can be neither removed nor demoted.
public struct MemberService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<Member> {
        try await database.read(in: scope) { try await MembershipRepository($0).members(scope, page: page) }
    }

    public func get(_ scope: TenantScope, user: UserID) async throws -> Member {
        guard let member = try await database.read(in: scope, { try await MembershipRepository($0).member(scope, user: user) }) else {
            throw LedgerError.notFound(UserEntity.self)
        }
        return member
    }

    /// Adds an existing user by email, or invites a new one (status `invited`, no password
    /// until onboarding sets one).
    public func add(email: String, name: String?, role: Role, by principal: Principal, origin: RequestOrigin) async throws -> Member {
        var issues = IdentityValidation.email(email)
        if let name { issues += IdentityValidation.name(name, field: "name") }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        try Self.mayGrant(role, principal)
        let scope = principal.scope
        let userID = try await database.tenant(scope) { transaction in
            let users = UserRepository(transaction)
            let user: User
            if let existing = try await users.findForSignIn(email: email)?.user {
                user = existing
            } else {
                user = User(
                    id: UserID(), email: email, name: name ?? String(email.prefix { $0 != "@" }), status: .invited,
                    isOperator: false, createdAt: Date())
                try await users.create(user, passwordHash: nil)
            }
            do {
                try await MembershipRepository(transaction).add(scope, user: user.id, role: role)
            } catch LedgerError.conflict {
                throw LedgerError.conflict("\(email) is already a member")
            }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: scope.orgID, action: "member.added", target: ("user", user.id.description),
                origin: origin, details: ["role": .string(role.rawValue), "invited": .bool(user.status == .invited)]))
            try await WebhookOutbox.announce(
                .memberAdded, in: scope.orgID, by: principal,
                data: ["user_id": .string(user.id.description), "role": .string(role.rawValue)], on: transaction)
            return user.id
        }
        return try await get(scope, user: userID)
    }

    public func rename(_ user: UserID, to name: String, by principal: Principal, origin: RequestOrigin) async throws -> Member {
        let issues = IdentityValidation.name(name, field: "name")
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        let member = try await get(principal.scope, user: user)
        try Self.mayEdit(member, principal)
        var updated = member.user
        updated.name = name
        try await database.tenant(principal.scope) { transaction in
            try await UserRepository(transaction).update(updated)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "member.updated", target: ("user", user.description),
                origin: origin, details: ["name": .string(name)]))
        }
        return try await get(principal.scope, user: user)
    }

    /// The member `principal` may edit, with the organization's owners locked so that the
    /// last-owner rule holds against concurrent changes.
    private static func editableMember(
        _ user: UserID, by principal: Principal, in memberships: MembershipRepository
    ) async throws -> (member: Member, owners: [UserID]) {
        let owners = try await memberships.lockOwners(principal.scope)
        guard let member = try await memberships.member(principal.scope, user: user) else {
            throw LedgerError.notFound(UserEntity.self)
        }
        try mayEdit(member, principal)
        return (member, owners)
    }

    public func setRole(_ role: Role, for user: UserID, by principal: Principal, origin: RequestOrigin) async throws -> Member {
        try Self.mayGrant(role, principal)
        let scope = principal.scope
        try await database.tenant(scope) { transaction in
            let memberships = MembershipRepository(transaction)
            let (member, owners) = try await Self.editableMember(user, by: principal, in: memberships)
            if member.role == .owner, role != .owner, owners == [user] {
                throw LedgerError.conflict("The last owner cannot be demoted; make another member owner first")
            }
            try await memberships.setRole(scope, user: user, role: role)
            try await RefreshTokenRepository(transaction).revokeAll(scope, user: user)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: scope.orgID, action: "member.role_changed", target: ("user", user.description),
                origin: origin, details: ["from": .string(member.role.rawValue), "to": .string(role.rawValue)]))
        }
        return try await get(scope, user: user)
    }

    public func remove(_ user: UserID, by principal: Principal, origin: RequestOrigin) async throws {
        let scope = principal.scope
        try await database.tenant(scope) { transaction in
            let memberships = MembershipRepository(transaction)
            let (member, owners) = try await Self.editableMember(user, by: principal, in: memberships)
            if member.role == .owner, owners == [user] {
                throw LedgerError.conflict("The last owner cannot be removed")
            }
            try await memberships.remove(scope, user: user)
            try await RefreshTokenRepository(transaction).revokeAll(scope, user: user)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: scope.orgID, action: "member.removed", target: ("user", user.description),
                origin: origin, details: ["role": .string(member.role.rawValue)]))
            try await WebhookOutbox.announce(
                .memberRemoved, in: scope.orgID, by: principal,
                data: ["user_id": .string(user.description), "role": .string(member.role.rawValue)], on: transaction)
        }
    }

    /// Nobody grants a role ranked above their own (API keys hold no role: only owners' powers
    /// go through a person).
    static func mayGrant(_ role: Role, _ principal: Principal) throws {
        guard let own = principal.role else {
            throw LedgerError.notAllowed(code: "NOT_A_USER", message: "Roles are granted by a signed-in user, not an API key")
        }
        if role.rank > own.rank { throw LedgerError.forbidden(Permission(.user, .manage)) }
    }

    /// Only an owner edits an owner.
    static func mayEdit(_ member: Member, _ principal: Principal) throws {
        if member.role == .owner, principal.role != .owner {
            throw LedgerError.forbidden(Permission(.organization, .manage))
        }
    }
}
