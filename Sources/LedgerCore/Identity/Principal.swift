import Foundation

public enum APIKeyEntity {}
public typealias APIKeyID = Identifier<APIKeyEntity>

/// Who is calling, verified: a user acting in one organization (from a JWT) or an API key of
/// one organization.
public struct Principal: Sendable, Equatable {
    public enum Actor: Sendable, Equatable {
        case user(UserID, role: Role, isOperator: Bool)
        case apiKey(APIKeyID, createdBy: UserID?)
    }

    public let actor: Actor
    public let orgID: OrgID
    public let permissions: Set<Permission>

    public init(actor: Actor, orgID: OrgID, permissions: Set<Permission>) {
        self.actor = actor
        self.orgID = orgID
        self.permissions = permissions
    }

    public static func user(_ id: UserID, in org: OrgID, role: Role, isOperator: Bool = false) -> Principal {
        Principal(actor: .user(id, role: role, isOperator: isOperator), orgID: org, permissions: role.permissions)
    }

    public var scope: TenantScope { TenantScope(orgID: orgID) }

    public var userID: UserID? {
        if case .user(let id, _, _) = actor { return id }
        return nil
    }

    public var apiKeyID: APIKeyID? {
        if case .apiKey(let id, _) = actor { return id }
        return nil
    }

    public var role: Role? {
        if case .user(_, let role, _) = actor { return role }
        return nil
    }

    public var isOperator: Bool {
        if case .user(_, _, let isOperator) = actor { return isOperator }
        return false
    }

    public func require(_ permission: Permission) throws(LedgerError) {
        guard permissions.contains(permission) else { throw .forbidden(permission) }
    }
}

/// The tenant every repository method takes first. Made only from a verified principal (or
/// by code that created the tenant itself), so a tenant id never comes from request input.
public struct TenantScope: Sendable, Hashable {
    public let orgID: OrgID

    public init(orgID: OrgID) {
        self.orgID = orgID
    }
}
