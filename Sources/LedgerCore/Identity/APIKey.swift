public import Foundation

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
