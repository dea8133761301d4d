import Foundation
import LedgerCore
public import OpenAPIKit

public struct MemberBody: APISchema, APIOutput {
    var id: UserID
    var email: String
    var name: String
    var status: UserStatus
    var role: Role
    var joinedAt: Date

    init(_ member: Member) {
        id = member.user.id
        email = member.user.email
        name = member.user.name
        status = member.user.status
        role = member.role
        joinedAt = member.joinedAt
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "email": .string, "name": .string, "status": Schemas.enumeration(UserStatus.self),
            "role": Role.schema, "joined_at": Schemas.dateTime,
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = MemberBody(Member(
        user: User(id: UserBody.sample.id, email: "ada@example.com", name: "Ada", status: .active, isOperator: false,
                   createdAt: Date(timeIntervalSince1970: 1_790_000_000)),
        role: .admin, joinedAt: Date(timeIntervalSince1970: 1_790_000_000)))
}

public struct AddMemberRequest: APISchema, APIInput {
    var email: String
    var name: String?
    var role: Role

    public static var schema: JSONSchema {
        .object(properties: [
            "email": .string(format: .email), "name": Schemas.name(required: false),
            "role": Role.schema,
        ])
    }
    public static let samples = [AddMemberRequest(email: "grace@example.com", name: "Grace", role: .member)]
}

public struct UpdateMemberRequest: APISchema, APIInput {
    var name: String

    public static var schema: JSONSchema { .object(properties: ["name": Schemas.name()]) }
    public static let samples = [UpdateMemberRequest(name: "Grace Hopper")]
}

public struct SetRoleRequest: APISchema, APIInput {
    var role: Role

    public static var schema: JSONSchema { .object(properties: ["role": Role.schema]) }
    public static let samples = [SetRoleRequest(role: .billing)]
}
