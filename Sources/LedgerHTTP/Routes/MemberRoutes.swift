import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == ListResponse<MemberBody> {
    static let listMembers = Endpoint(
        .get, "/api/v1/admin/users", operationID: "listMembers", tag: "Administration",
        summary: "The members of the caller's organization", access: .permission(Permission(.user, .read)))
}

extension Endpoint where Input == AddMemberRequest, Query == NoQuery, Output == MemberBody {
    static let addMember = Endpoint(
        .post, "/api/v1/admin/users", operationID: "addMember", tag: "Administration",
        summary: "Add a user by email, inviting them when they have no account", access: .permission(Permission(.user, .write)),
        success: .created, errors: [.conflict])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == MemberBody {
    static let getMember = Endpoint(
        .get, "/api/v1/admin/users/{id}", operationID: "getMember", tag: "Administration", summary: "One member",
        access: .permission(Permission(.user, .read)), parameters: [.path("id", "User id")])
}

extension Endpoint where Input == UpdateMemberRequest, Query == NoQuery, Output == MemberBody {
    static let updateMember = Endpoint(
        .patch, "/api/v1/admin/users/{id}", operationID: "updateMember", tag: "Administration",
        summary: "Rename a member", access: .permission(Permission(.user, .write)), parameters: [.path("id", "User id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let removeMember = Endpoint(
        .delete, "/api/v1/admin/users/{id}", operationID: "removeMember", tag: "Administration",
        summary: "Remove a member from the organization (the last owner stays)", access: .permission(Permission(.user, .delete)),
        parameters: [.path("id", "User id")], success: .noContent, errors: [.conflict])
}

extension Endpoint where Input == SetRoleRequest, Query == NoQuery, Output == MemberBody {
    static let setMemberRole = Endpoint(
        .put, "/api/v1/admin/users/{id}/roles", operationID: "setMemberRole", tag: "Administration",
        summary: "Set a member's role", description: "Nobody grants a role above their own; only owners change owners; the last owner cannot be demoted. The member's sessions end.",
        access: .permission(Permission(.user, .manage)), parameters: [.path("id", "User id")], errors: [.conflict])
}

public struct MemberRoutes: Sendable {
    let members: MemberService

    public init(members: MemberService) {
        self.members = members
    }

    public func register(in api: inout APIRegistry) {
        api.route(.listMembers) { request, caller in
            let page = try await members.list(caller.scope, page: request.query.page)
            return ListResponse(page, MemberBody.init)
        }
        api.route(.addMember) { request, caller in
            MemberBody(try await members.add(
                email: request.input.email, name: request.input.name, role: request.input.role, by: caller.principal,
                origin: caller.origin))
        }
        api.route(.getMember) { request, caller in
            MemberBody(try await members.get(caller.scope, user: try request.id()))
        }
        api.route(.updateMember) { request, caller in
            MemberBody(try await members.rename(
                try request.id(), to: request.input.name, by: caller.principal, origin: caller.origin))
        }
        api.route(.removeMember) { request, caller in
            try await members.remove(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.setMemberRole) { request, caller in
            MemberBody(try await members.setRole(
                request.input.role, for: try request.id(), by: caller.principal, origin: caller.origin))
        }
    }
}
