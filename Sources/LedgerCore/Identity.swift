import Foundation

public enum Plan: String, Sendable, CaseIterable, Codable {
    case free, starter, pro, enterprise
}

public enum OrganizationStatus: String, Sendable, CaseIterable, Codable {
    case active, disabled
}

public struct Organization: Sendable, Equatable {
    public var id: OrgID
    public var name: String
    public var slug: String
    public var plan: Plan
    public var timeZone: String
    public var settings: [String: JSONValue]
    public var status: OrganizationStatus
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: OrgID, name: String, slug: String, plan: Plan, timeZone: String, settings: [String: JSONValue],
        status: OrganizationStatus, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.slug = slug
        self.plan = plan
        self.timeZone = timeZone
        self.settings = settings
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public enum UserStatus: String, Sendable, CaseIterable, Codable {
    case active, invited, disabled
}

public struct User: Sendable, Equatable {
    public var id: UserID
    public var email: String
    public var name: String
    public var status: UserStatus
    public var isOperator: Bool
    public var createdAt: Date

    public init(id: UserID, email: String, name: String, status: UserStatus, isOperator: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.isOperator = isOperator
        self.createdAt = createdAt
    }
}

/// A user as a member of one organization.
public struct Member: Sendable, Equatable {
    public var user: User
    public var role: Role
    public var joinedAt: Date

    public init(user: User, role: Role, joinedAt: Date) {
        self.user = user
        self.role = role
        self.joinedAt = joinedAt
    }
}

public struct APIKey: Sendable, Equatable {
    public enum Status: String, Sendable, Codable { case active, expired, revoked }

    public var id: APIKeyID
    public var orgID: OrgID
    public var name: String
    public var prefix: String
    public var permissions: Set<Permission>
    public var createdBy: UserID?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(
        id: APIKeyID, orgID: OrgID, name: String, prefix: String, permissions: Set<Permission>, createdBy: UserID?,
        createdAt: Date, lastUsedAt: Date?, expiresAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.prefix = prefix
        self.permissions = permissions
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public func status(at now: Date = Date()) -> Status {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }
}

/// Where a request came from, for the audit log.
public struct RequestOrigin: Sendable, Equatable {
    public var ip: String?
    public var userAgent: String?
    public var requestID: String

    public init(ip: String?, userAgent: String?, requestID: String) {
        self.ip = ip
        self.userAgent = userAgent
        self.requestID = requestID
    }
}

public struct AuditEvent: Sendable, Equatable {
    public enum ActorType: String, Sendable, Codable, CaseIterable { case user, apiKey = "api_key", system, anonymous }

    public var id: Int64
    public var orgID: OrgID?
    public var occurredAt: Date
    public var actorType: ActorType
    public var actorID: UUID?
    public var action: String
    public var targetType: String?
    public var targetID: String?
    public var origin: RequestOrigin?
    public var details: [String: JSONValue]

    public init(
        id: Int64 = 0, orgID: OrgID?, occurredAt: Date = Date(), actorType: ActorType, actorID: UUID?, action: String,
        targetType: String?, targetID: String?, origin: RequestOrigin?, details: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.orgID = orgID
        self.occurredAt = occurredAt
        self.actorType = actorType
        self.actorID = actorID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.origin = origin
        self.details = details
    }

    /// An event done by `principal`, or by nobody known when it is nil.
    public init(
        by principal: Principal?, in orgID: OrgID?, action: String, target: (type: String, id: String)?,
        origin: RequestOrigin, details: [String: JSONValue] = [:]
    ) {
        let actor: (ActorType, UUID?) =
            switch principal?.actor {
            case .user(let id, _, _): (.user, id.uuid)
            case .apiKey(let id, _): (.apiKey, id.uuid)
            case nil: (.anonymous, nil)
            }
        self.init(
            orgID: orgID, actorType: actor.0, actorID: actor.1, action: action, targetType: target?.type,
            targetID: target?.id, origin: origin, details: details)
    }
}

/// One page of a list; `nextCursor` is nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
