import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// An organization's limits: the values in force by name (absent: unlimited), the operator's
/// override and the month's event count.
public struct OrganizationLimitsBody: APISchema, APIOutput {
    var orgID: OrgID
    var plan: Plan
    var enforced: Bool
    var limits: [String: Int64]
    var override: SetOrganizationLimitsRequest
    var usage: Usage

    struct Usage: Codable, Sendable {
        var month: String
        var eventsCounted: Int64
        var eventsRemaining: Int64?
        var resetsAt: Date
    }

    init(_ report: LimitsService.Report) {
        orgID = report.orgID
        plan = report.plan
        enforced = report.enforced
        limits = report.effective.byWireName
        override = SetOrganizationLimitsRequest(report.override)
        usage = Usage(
            month: report.month.key, eventsCounted: report.eventsCounted,
            eventsRemaining: report.effective.eventsPerMonth.map { max(0, $0 - report.eventsCounted) }, resetsAt: report.month.end)
    }

    public static var schema: JSONSchema {
        var limits: OrderedDictionary<String, JSONSchema> = [:]
        for name in LimitName.all {
            limits[name.description] = .integer(required: false, description: name.summary + "; absent: unlimited")
        }
        return .object(properties: [
            "org_id": Schemas.uuid, "plan": Schemas.enumeration(Plan.self),
            "enforced": .boolean(description: "false when this server runs without limits (TOKENLEDGER_RATE_LIMIT_ENABLED=false)"),
            "limits": .object(description: "The values in force, by name", properties: limits, additionalProperties: .init(false)),
            "override": SetOrganizationLimitsRequest.schema,
            "usage": .object(properties: [
                "month": .string(format: .date), "events_counted": .integer(minimum: (0, exclusive: false)),
                "events_remaining": .integer(required: false, description: "null: no quota"), "resets_at": Schemas.dateTime,
            ]),
        ])
    }

    public static var samples: [Self] {
        let override: LimitOverride = [.rate(.caller): 300, .rate(.category(.ingest)): 20_000]
        return [OrganizationLimitsBody(LimitsService.Report(
            orgID: OrganizationBody.sample.id, plan: .free, override: override, effective: override.applied(to: .shipped(.free)),
            enforced: true, eventsCounted: 1_250, month: QuotaMonth(containing: Date(timeIntervalSince1970: 1_790_000_000))))]
    }
}

/// The override a platform operator sets, by limit name: each value given replaces the plan's;
/// absent ones keep it. `{}` returns the organization to its plan.
public struct SetOrganizationLimitsRequest: APISchema, APIInput {
    var override: LimitOverride

    init(_ override: LimitOverride) {
        self.override = override
    }

    public init(from decoder: any Decoder) throws {
        let parsed = LimitOverride.parse(try decoder.singleValueContainer().decode([String: Int64].self))
        if !parsed.unknown.isEmpty {
            let known = LimitName.all.map(\.description).joined(separator: ", ")
            throw LedgerError.validation(parsed.unknown.map { FieldIssue(field: $0, message: "is not a limit; known: \(known)") })
        }
        override = parsed.override
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(override.byWireName)
    }

    public static var schema: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for name in LimitName.all {
            properties[name.description] = .integer(
                required: false, description: name.summary, maximum: (Int(name.maximum), exclusive: false),
                minimum: (1, exclusive: false))
        }
        return .object(properties: properties, additionalProperties: .init(false))
    }

    public static let samples = [SetOrganizationLimitsRequest([.rate(.organization): 6_000, .rate(.category(.analytics)): 600, .eventsPerMonth: 1_000_000])]
}
