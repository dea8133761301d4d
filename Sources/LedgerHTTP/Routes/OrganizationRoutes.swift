import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == NoInput, Query == NoQuery, Output == OrganizationBody {
    static let getOwnOrganization = Endpoint(
        .get, "/api/v1/organization", operationID: "getOwnOrganization", tag: "Organization",
        summary: "The caller's organization, with its settings", access: .permission(Permission(.organization, .read)))
}

extension Endpoint where Input == UpdateOwnOrganizationRequest, Query == NoQuery, Output == OrganizationBody {
    static let updateOwnOrganization = Endpoint(
        .patch, "/api/v1/organization", operationID: "updateOwnOrganization", tag: "Organization",
        summary: "Change the caller's organization's name, time zone or settings (settings merge; null removes a key)",
        access: .permission(Permission(.organization, .write)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == OrganizationLimitsBody {
    static let getOwnLimits = Endpoint(
        .get, "/api/v1/organization/limits", operationID: "getOwnLimits", tag: "Organization",
        summary: "The caller's organization's rate limits, event quota and this month's count",
        access: .permission(Permission(.organization, .read)))
}

/// An organization's own view of itself; plan and status stay with the platform operators.
public struct OrganizationRoutes: Sendable {
    let organizations: OrganizationAdminService
    let limits: LimitsService

    public init(organizations: OrganizationAdminService, limits: LimitsService) {
        self.organizations = organizations
        self.limits = limits
    }

    public func register(in api: inout APIRegistry) {
        api.route(.getOwnOrganization) { _, caller in
            OrganizationBody(try await organizations.get(caller.scope.orgID))
        }
        api.route(.updateOwnOrganization) { request, caller in
            let input = request.input
            return OrganizationBody(try await organizations.update(
                caller.scope.orgID, .init(name: input.name, timeZone: input.timeZone, settings: input.settings),
                by: caller.principal, origin: caller.origin))
        }
        api.route(.getOwnLimits) { _, caller in
            OrganizationLimitsBody(try await limits.report(caller.scope.orgID))
        }
    }
}
