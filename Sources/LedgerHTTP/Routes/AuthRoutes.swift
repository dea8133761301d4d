import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

extension Endpoint where Input == RegisterRequest, Query == NoQuery, Output == SessionResponse {
    static let register = Endpoint(
        .post, "/api/v1/auth/register", operationID: "register", tag: "Auth",
        summary: "Create a user and a new organization it owns, and sign in", access: .anyone, success: .created,
        errors: [.conflict, .badRequest])
}

extension Endpoint where Input == LoginRequest, Query == NoQuery, Output == SessionResponse {
    static let login = Endpoint(
        .post, "/api/v1/auth/login", operationID: "login", tag: "Auth",
        summary: "Sign in with email and password",
        description: "Failures are throttled per account and per address (429 with Retry-After). The message never says whether the email exists.",
        access: .anyone, errors: [.unauthorized, .rateLimited])
}

extension Endpoint where Input == RefreshRequest, Query == NoQuery, Output == SessionResponse {
    static let refresh = Endpoint(
        .post, "/api/v1/auth/refresh", operationID: "refreshSession", tag: "Auth",
        summary: "Exchange a refresh token for a new pair",
        description: "Rotating: the presented token is spent. Presenting a spent token revokes every session of its family.",
        access: .anyone, errors: [.unauthorized])
}

extension Endpoint where Input == RefreshRequest, Query == NoQuery, Output == NoContent {
    static let logout = Endpoint(
        .post, "/api/v1/auth/logout", operationID: "logout", tag: "Auth",
        summary: "End the session the refresh token belongs to", access: .anyone, success: .noContent,
        errors: [.unauthorized])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == MeResponse {
    static let me = Endpoint(
        .get, "/api/v1/auth/me", operationID: "getCurrentUser", tag: "Auth",
        summary: "The signed-in user, organization, role and permissions", access: .authenticated)
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == PrincipalResponse {
    static let principal = Endpoint(
        .get, "/api/v1/auth/principal", operationID: "getPrincipal", tag: "Auth",
        summary: "Who is calling: the user or API key, its organization and permissions",
        description: "Answered from the verified credential alone (a JWT, or an API key from the verification cache).",
        access: .authenticated)
}

extension Endpoint where Input == SwitchOrganizationRequest, Query == NoQuery, Output == SessionResponse {
    static let switchOrganization = Endpoint(
        .post, "/api/v1/auth/switch-org", operationID: "switchOrganization", tag: "Auth",
        summary: "Start a session in another organization the user belongs to", access: .authenticated,
        errors: [.notFound])
}

public struct AuthRoutes: Sendable {
    let identity: IdentityService

    public init(identity: IdentityService) {
        self.identity = identity
    }

    public func register(in api: inout APIRegistry) {
        api.publicRoute(.register) { request, context in
            let input = request.input
            return SessionResponse(try await identity.register(
                .init(email: input.email, password: input.password, name: input.name,
                      organizationName: input.organizationName, organizationSlug: input.organizationSlug),
                origin: context.origin))
        }
        api.publicRoute(.login) { request, context in
            SessionResponse(try await identity.login(
                email: try request.input.account(), password: request.input.password, organization: request.input.organization,
                origin: context.origin))
        }
        api.publicRoute(.refresh) { request, context in
            SessionResponse(try await identity.refresh(request.input.refreshToken, origin: context.origin))
        }
        api.publicRoute(.logout) { request, context in
            try await identity.logout(request.input.refreshToken, origin: context.origin)
            return NoContent()
        }
        api.route(.me) { _, caller in
            guard caller.principal.userID != nil else {
                throw LedgerError.notAllowed(code: "NOT_A_USER", message: "An API key has no user; use a user's access token")
            }
            let me = try await identity.me(caller.principal)
            return MeResponse(
                user: UserBody(me.member.user), organization: OrganizationBody(me.organization), role: me.member.role,
                permissions: caller.principal.permissions.map(\.description).sorted(),
                organizations: me.organizations.map { .init(id: $0.0.id, name: $0.0.name, slug: $0.0.slug, role: $0.1) })
        }
        api.route(.principal) { _, caller in
            PrincipalResponse(caller.principal)
        }
        api.route(.switchOrganization) { request, caller in
            SessionResponse(try await identity.switchOrganization(
                caller.principal, to: request.input.organizationID, origin: caller.origin))
        }
    }
}
