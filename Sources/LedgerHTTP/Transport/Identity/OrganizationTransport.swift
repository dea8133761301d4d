import Foundation
import LedgerCore
public import OpenAPIKit

public struct CreateOrganizationRequest: APISchema, APIInput {
    var name: String
    var slug: String?
    var plan: Plan?
    var timeZone: String?

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(), "slug": Schemas.slug(), "plan": Schemas.enumeration(Plan.self, required: false),
            "time_zone": Schemas.timeZone(description: "IANA zone; default UTC"),
        ])
    }
    public static let samples = [CreateOrganizationRequest(name: "Acme", slug: "acme", plan: .pro, timeZone: "Europe/Paris")]
}

public struct UpdateOrganizationRequest: APISchema, APIInput {
    var name: String?
    var plan: Plan?
    var timeZone: String?
    var settings: [String: JSONValue]?
    var status: OrganizationStatus?

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(required: false), "plan": Schemas.enumeration(Plan.self, required: false),
            "time_zone": Schemas.timeZone(), "settings": Schemas.settings,
            "status": Schemas.enumeration(OrganizationStatus.self, required: false),
        ])
    }
    public static let samples = [UpdateOrganizationRequest(name: nil, plan: .enterprise, timeZone: nil, settings: nil, status: nil)]
}

public struct DeleteOrganizationResponse: APISchema, APIOutput {
    var id: OrgID
    var status: String

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid,
            "status": .string(
                description: "disabled: the first DELETE; deleted: a DELETE of a disabled organization",
                allowedValues: "disabled", "deleted"),
        ])
    }
    public static let samples = [DeleteOrganizationResponse(id: OrganizationBody.sample.id, status: "disabled")]
}

public struct UpdateOwnOrganizationRequest: APISchema, APIInput {
    var name: String?
    var timeZone: String?
    var settings: [String: JSONValue]?

    public static var schema: JSONSchema {
        .object(properties: [
            "name": Schemas.name(required: false), "time_zone": Schemas.timeZone(), "settings": Schemas.settings,
        ])
    }
    public static let samples = [
        UpdateOwnOrganizationRequest(
            name: nil, timeZone: "Europe/Paris", settings: [OrganizationSettings.costSource: .string(CostSource.reported.rawValue)])
    ]
}
