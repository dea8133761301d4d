import Foundation
import LedgerCore
public import OpenAPIKit

public struct AuditEventBody: APISchema, APIOutput {
    var id: Int64
    var occurredAt: Date
    var actorType: String
    var actorID: String?
    var action: String
    var targetType: String?
    var targetID: String?
    var ip: String?
    var userAgent: String?
    var requestID: String?
    var details: [String: JSONValue]

    init(_ event: AuditEvent) {
        id = event.id
        occurredAt = event.occurredAt
        actorType = event.actorType.rawValue
        actorID = event.actorID?.lowercasedText
        action = event.action
        targetType = event.targetType
        targetID = event.targetID
        ip = event.origin?.ip
        userAgent = event.origin?.userAgent
        requestID = event.origin?.requestID
        details = event.details
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": .integer, "occurred_at": Schemas.dateTime,
            "actor_type": .string(allowedValues: AuditEvent.ActorType.allCases.map { AnyCodable($0.rawValue) }),
            "actor_id": Schemas.optionalUUID, "action": .string(description: "e.g. auth.login_succeeded, member.role_changed"),
            "target_type": Schemas.optionalString, "target_id": Schemas.optionalString, "ip": Schemas.optionalString,
            "user_agent": Schemas.optionalString, "request_id": Schemas.optionalString, "details": .object,
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = AuditEventBody(AuditEvent(
        id: 42, orgID: OrganizationBody.sample.id, occurredAt: Date(timeIntervalSince1970: 1_790_000_000), actorType: .user,
        actorID: UserBody.sample.id.uuid, action: "member.role_changed", targetType: "user",
        targetID: "9a0e3c1d-2b4f-4e6a-8c7d-1f2e3d4c5b6a",
        origin: RequestOrigin(ip: "203.0.113.7", userAgent: "curl/8.5", requestID: "r-1"),
        details: ["from": .string("member"), "to": .string("admin")]))
}

