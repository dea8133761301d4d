public import Foundation

/// What an organization may do (its limits, docs/LIMITS.md). `unlimited` has no rate and no
/// quota: the default plan of a self-hosted install.
public enum Plan: String, Sendable, CaseIterable, Codable {
    case free, starter, pro, enterprise, unlimited
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
