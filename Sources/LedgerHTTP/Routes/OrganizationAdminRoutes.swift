import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<OrganizationBody> {
    static let listOrganizations = Endpoint(
        .get, "/api/v1/admin/organizations", operationID: "listOrganizations", tag: "Platform",
        summary: "Every organization (platform operators)", access: .platformOperator)
}

extension Endpoint where Input == CreateOrganizationRequest, Query == NoQuery, Output == OrganizationBody {
    static let createOrganization = Endpoint(
        .post, "/api/v1/admin/organizations", operationID: "createOrganization", tag: "Platform",
        summary: "Create an organization (platform operators)", access: .platformOperator, success: .created,
        errors: [.conflict])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == OrganizationBody {
    static let getOrganization = Endpoint(
        .get, "/api/v1/admin/organizations/{id}", operationID: "getOrganization", tag: "Platform",
        summary: "One organization (platform operators)", access: .platformOperator, parameters: [.path("id", "Organization id")])
}

extension Endpoint where Input == UpdateOrganizationRequest, Query == NoQuery, Output == OrganizationBody {
    static let updateOrganization = Endpoint(
        .patch, "/api/v1/admin/organizations/{id}", operationID: "updateOrganization", tag: "Platform",
        summary: "Change an organization's name, plan, time zone, settings or status (platform operators)",
        access: .platformOperator, parameters: [.path("id", "Organization id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == DeleteOrganizationResponse {
    static let deleteOrganization = Endpoint(
        .delete, "/api/v1/admin/organizations/{id}", operationID: "deleteOrganization", tag: "Platform",
        summary: "Disable an organization; deleting a disabled one removes it (platform operators)",
        access: .platformOperator, parameters: [.path("id", "Organization id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == OrganizationLimitsBody {
    static let getOrganizationLimits = Endpoint(
        .get, "/api/v1/admin/organizations/{id}/limits", operationID: "getOrganizationLimits", tag: "Platform",
        summary: "An organization's rate limits and event quota, with its override (platform operators)",
        access: .platformOperator, parameters: [.path("id", "Organization id")])
}

extension Endpoint where Input == SetOrganizationLimitsRequest, Query == NoQuery, Output == OrganizationLimitsBody {
    static let setOrganizationLimits = Endpoint(
        .put, "/api/v1/admin/organizations/{id}/limits", operationID: "setOrganizationLimits", tag: "Platform",
        summary: "Override an organization's plan limits; {} returns it to its plan (platform operators)",
        access: .platformOperator, parameters: [.path("id", "Organization id")])
}

public struct OrganizationAdminRoutes: Sendable {
    let organizations: OrganizationAdminService
    let limits: LimitsService

    public init(organizations: OrganizationAdminService, limits: LimitsService) {
        self.organizations = organizations
        self.limits = limits
    }

    public func register(in api: inout APIRegistry) {
        api.operatorRoute(.listOrganizations) { request, _ in
            let page = try await organizations.list(page: request.query.page)
            return ListResponse(page, OrganizationBody.init)
        }
        api.operatorRoute(.createOrganization) { request, caller in
            OrganizationBody(try await organizations.create(
                name: request.input.name, slug: request.input.slug, plan: request.input.plan,
                timeZone: request.input.timeZone ?? "UTC", by: caller.principal, origin: caller.origin))
        }
        api.operatorRoute(.getOrganization) { request, _ in
            OrganizationBody(try await organizations.get(try request.id()))
        }
        api.operatorRoute(.updateOrganization) { request, caller in
            let input = request.input
            return OrganizationBody(try await organizations.update(
                try request.id(),
                .init(name: input.name, plan: input.plan, timeZone: input.timeZone, settings: input.settings, status: input.status),
                by: caller.principal, origin: caller.origin))
        }
        api.operatorRoute(.deleteOrganization) { request, caller in
            let id: OrgID = try request.id()
            let status = try await organizations.delete(id, by: caller.principal, origin: caller.origin)
            return DeleteOrganizationResponse(id: id, status: status == nil ? "deleted" : "disabled")
        }
        api.operatorRoute(.getOrganizationLimits) { request, _ in
            OrganizationLimitsBody(try await limits.report(try request.id()))
        }
        api.operatorRoute(.setOrganizationLimits) { request, caller in
            OrganizationLimitsBody(try await limits.setOverride(
                request.input.override, of: try request.id(), by: caller.principal, origin: caller.origin))
        }
    }
}
