import Foundation
public import NIOCore
public import LedgerCore
import LedgerServices
public import OpenAPIKit

public struct RegisterRequest: APISchema, APIInput {
    var email: String
    var password: String
    var name: String
    var organizationName: String
    var organizationSlug: String?

    public static var schema: JSONSchema {
        .object(properties: [
            "email": .string(format: .email), "password": .string(minLength: 10, maxLength: 256), "name": Schemas.name(),
            "organization_name": Schemas.name(),
            "organization_slug": Schemas.slug(description: "Derived from the name when absent"),
        ])
    }
    public static let samples = [
        RegisterRequest(
            email: "ada@example.com", password: "plum-orbit-canvas-42", name: "Ada", organizationName: "Acme",
            organizationSlug: "acme")
    ]
}

public struct LoginRequest: APISchema, APIInput {
    var email: String?
    /// LLM Cost Ops clients send the email as `username`.
    var username: String?
    var password: String
    var organization: String?

    /// The email, under either name.
    func account() throws(LedgerError) -> String {
        guard let account = email ?? username else { throw .validation([FieldIssue(field: "email", message: "is required")]) }
        return account
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "email": .string(description: "`username` is accepted as another name"), "password": .string,
            "organization": .string(required: false, description: "Organization id or slug; default: the first one"),
        ])
    }
    public static let samples = [LoginRequest(email: "ada@example.com", password: "plum-orbit-canvas-42", organization: "acme")]

    init(email: String, password: String, organization: String?) {
        self.email = email
        self.password = password
        self.organization = organization
    }
}

public struct RefreshRequest: APISchema, APIInput {
    var refreshToken: String

    public static var schema: JSONSchema { .object(properties: ["refresh_token": .string]) }
    public static let samples = [RefreshRequest(refreshToken: "rt_Zm9vYmFyYmF6cXV4")]
}

public struct SwitchOrganizationRequest: APISchema, APIInput {
    var organizationID: OrgID

    public static var schema: JSONSchema { .object(properties: ["organization_id": Schemas.uuid]) }
    public static let samples = [SwitchOrganizationRequest(organizationID: OrganizationBody.sample.id)]
}

public struct SessionResponse: APISchema, APIOutput {
    var accessToken: String
    var tokenType = "Bearer"
    var expiresIn: Int
    var expiresAt: Date
    var refreshToken: String
    var user: UserBody
    var organization: OrganizationBody
    var role: Role

    init(_ session: Session) {
        accessToken = session.accessToken
        expiresIn = max(0, Int(session.accessTokenExpiresAt.timeIntervalSinceNow.rounded()))
        expiresAt = session.accessTokenExpiresAt
        refreshToken = session.refreshToken
        user = UserBody(session.user)
        organization = OrganizationBody(session.organization)
        role = session.role
    }

    init(accessToken: String, expiresIn: Int, expiresAt: Date, refreshToken: String, user: UserBody,
         organization: OrganizationBody, role: Role) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.expiresAt = expiresAt
        self.refreshToken = refreshToken
        self.user = user
        self.organization = organization
        self.role = role
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "access_token": .string(description: "JWT (HS256) for Authorization: Bearer"),
            "token_type": .string(allowedValues: "Bearer"), "expires_in": .integer, "expires_at": Schemas.dateTime,
            "refresh_token": .string(description: "Single use: each refresh returns a new one"),
            "user": UserBody.schema, "organization": OrganizationBody.schema, "role": Role.schema,
        ])
    }
    public static let samples = [
        SessionResponse(
            accessToken: "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.e30.c2ln", expiresIn: 900,
            expiresAt: Date(timeIntervalSince1970: 1_790_000_900), refreshToken: "rt_Zm9vYmFyYmF6cXV4",
            user: UserBody.sample, organization: OrganizationBody.sample, role: .owner)
    ]
}

/// Who the caller is. Dashboards ask for it on every page, and it changes rarely: its
/// encoding (the whole permission list, every membership) is remembered by value.
public struct MeResponse: RememberedJSONOutput {
    public static let encodings = BoundedMemo<MeResponse, ByteBuffer>(capacity: 1_024)

    struct Membership: Codable, Sendable, Hashable {
        var id: OrgID
        var name: String
        var slug: String
        var role: Role
    }

    var user: UserBody
    var organization: OrganizationBody
    var role: Role
    var permissions: [String]
    var organizations: [Membership]

    public static var schema: JSONSchema {
        .object(properties: [
            "user": UserBody.schema, "organization": OrganizationBody.schema, "role": Role.schema,
            "permissions": .array(items: .string),
            "organizations": .array(items: .object(properties: [
                "id": Schemas.uuid, "name": .string, "slug": .string, "role": Role.schema,
            ])),
        ])
    }
    public static let samples = [
        MeResponse(
            user: UserBody.sample, organization: OrganizationBody.sample, role: .admin,
            permissions: ["usage:read", "user:manage"],
            organizations: [Membership(id: OrganizationBody.sample.id, name: "Acme", slug: "acme", role: .admin)])
    ]
}

/// The verified credential as the server sees it, for an integration checking its key or a
/// dashboard deciding what to show.
public struct PrincipalResponse: APISchema, APIOutput {
    var kind: String
    var userID: UserID?
    var apiKeyID: APIKeyID?
    var organizationID: OrgID
    var role: Role?
    var permissions: [String]

    public init(_ principal: Principal) {
        switch principal.actor {
        case .user(let id, let role, _):
            kind = "user"
            userID = id
            self.role = role
        case .apiKey(let id, _):
            kind = "api_key"
            apiKeyID = id
        }
        organizationID = principal.orgID
        permissions = principal.permissions.map(\.description).sorted()
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "kind": .string(allowedValues: ["user", "api_key"]), "user_id": Schemas.optionalUUID,
            "api_key_id": Schemas.optionalUUID, "organization_id": Schemas.uuid, "role": Role.schema.optionalSchemaObject(),
            "permissions": .array(items: .string),
        ])
    }
    public static let samples = [
        PrincipalResponse(Principal(
            actor: .apiKey(APIKeyBody.sample.id, createdBy: nil), orgID: OrganizationBody.sample.id,
            permissions: [Permission(.usage, .write)]))
    ]
}
