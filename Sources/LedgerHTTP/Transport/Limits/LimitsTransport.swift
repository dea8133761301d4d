import Foundation
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// An organization's limits: the values in force (`null`: unlimited), the operator's override
/// and the month's event count.
public struct OrganizationLimitsBody: APISchema, APIOutput {
    var orgID: OrgID
    var plan: Plan
    var enforced: Bool
    var requestsPerMinute: Int?
    var burst: Int?
    var callerRequestsPerMinute: Int?
    var callerBurst: Int?
    var eventsPerMonth: Int64?
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
        requestsPerMinute = report.effective.organization?.perMinute
        burst = report.effective.organization?.burst
        callerRequestsPerMinute = report.effective.caller?.perMinute
        callerBurst = report.effective.caller?.burst
        eventsPerMonth = report.effective.eventsPerMonth
        override = SetOrganizationLimitsRequest(report.override)
        usage = Usage(
            month: report.month.key, eventsCounted: report.eventsCounted,
            eventsRemaining: report.effective.eventsPerMonth.map { max(0, $0 - report.eventsCounted) }, resetsAt: report.month.end)
    }

    public static var schema: JSONSchema {
        func limit(_ description: String) -> JSONSchema { .integer(required: false, description: description + "; null: unlimited") }
        return .object(properties: [
            "org_id": Schemas.uuid, "plan": Schemas.enumeration(Plan.self),
            "enforced": .boolean(description: "false when this server runs without limits (TOKENLEDGER_RATE_LIMIT_ENABLED=false)"),
            "requests_per_minute": limit("The organization's requests per minute"),
            "burst": limit("The organization's requests at once"),
            "caller_requests_per_minute": limit("Each user's or API key's requests per minute"),
            "caller_burst": limit("Each user's or API key's requests at once"),
            "events_per_month": limit("Usage events per UTC calendar month"),
            "override": SetOrganizationLimitsRequest.schema,
            "usage": .object(properties: [
                "month": .string(format: .date), "events_counted": .integer(minimum: (0, exclusive: false)),
                "events_remaining": .integer(required: false, description: "null: no quota"), "resets_at": Schemas.dateTime,
            ]),
        ])
    }

    public static var samples: [Self] {
        [OrganizationLimitsBody(LimitsService.Report(
            orgID: OrganizationBody.sample.id, plan: .free, override: LimitOverride(callerRequestsPerMinute: 300),
            effective: LimitOverride(callerRequestsPerMinute: 300).applied(to: .shipped(.free)), enforced: true,
            eventsCounted: 1_250, month: QuotaMonth(containing: Date(timeIntervalSince1970: 1_790_000_000))))]
    }
}

/// The override a platform operator sets: each value given replaces the plan's; absent ones
/// keep it. `{}` returns the organization to its plan.
public struct SetOrganizationLimitsRequest: APISchema, APIInput {
    var requestsPerMinute: Int?
    var burst: Int?
    var callerRequestsPerMinute: Int?
    var callerBurst: Int?
    var eventsPerMonth: Int64?

    init(_ override: LimitOverride) {
        requestsPerMinute = override.requestsPerMinute
        burst = override.burst
        callerRequestsPerMinute = override.callerRequestsPerMinute
        callerBurst = override.callerBurst
        eventsPerMonth = override.eventsPerMonth
    }

    var override: LimitOverride {
        LimitOverride(
            requestsPerMinute: requestsPerMinute, burst: burst, callerRequestsPerMinute: callerRequestsPerMinute,
            callerBurst: callerBurst, eventsPerMonth: eventsPerMonth)
    }

    public static var schema: JSONSchema {
        let rate = JSONSchema.integer(
            required: false, maximum: (OrganizationLimits.maximumPerMinute, exclusive: false), minimum: (1, exclusive: false))
        return .object(properties: [
            "requests_per_minute": rate, "burst": rate, "caller_requests_per_minute": rate, "caller_burst": rate,
            "events_per_month": .integer(
                required: false, maximum: (Int(OrganizationLimits.maximumEventsPerMonth), exclusive: false),
                minimum: (1, exclusive: false)),
        ])
    }

    public static let samples = [SetOrganizationLimitsRequest(LimitOverride(requestsPerMinute: 6_000, eventsPerMonth: 1_000_000))]
}
