import Foundation
import LedgerCore
public import OpenAPIKit

public struct UserBody: Codable, Sendable, Hashable {
    var id: UserID
    var email: String
    var name: String
    var status: UserStatus
    var createdAt: Date

    init(_ user: User) {
        self.init(id: user.id, email: user.email, name: user.name, status: user.status, createdAt: user.createdAt)
    }

    init(id: UserID, email: String, name: String, status: UserStatus, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.createdAt = createdAt
    }

    static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "email": .string(format: .email), "name": .string,
            "status": Schemas.enumeration(UserStatus.self), "created_at": Schemas.dateTime,
        ])
    }

    static let sample = UserBody(
        id: UserID("7b3e5b4c-0f51-4c55-9a43-7f2f8d1a6c11")!, email: "ada@example.com", name: "Ada Lovelace",
        status: .active, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
}

public struct OrganizationBody: APISchema, APIOutput, Hashable {
    var id: OrgID
    var name: String
    var slug: String
    var plan: Plan
    var timeZone: String
    var settings: [String: JSONValue]
    var status: OrganizationStatus
    var createdAt: Date
    var updatedAt: Date

    init(_ org: Organization) {
        id = org.id
        name = org.name
        slug = org.slug
        plan = org.plan
        timeZone = org.timeZone
        settings = org.settings
        status = org.status
        createdAt = org.createdAt
        updatedAt = org.updatedAt
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "name": .string, "slug": .string, "plan": Schemas.enumeration(Plan.self),
            "time_zone": .string, "settings": .object, "status": Schemas.enumeration(OrganizationStatus.self),
            "created_at": Schemas.dateTime, "updated_at": Schemas.dateTime,
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = OrganizationBody(Organization(
        id: OrgID(UUID(uuidString: "0c6f2f64-3b8e-4f0e-9b5d-3c1a2e4f5a61")!), name: "Acme", slug: "acme", plan: .pro,
        timeZone: "Europe/Paris", settings: [OrganizationSettings.costSource: .string(CostSource.computed.rawValue)], status: .active,
        createdAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_500)))
}

extension Role {
    static var schema: JSONSchema { Schemas.enumeration(Role.self) }
}
