import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerAuth
import LedgerCore
@testable import LedgerHTTP
import LedgerStore
import LedgerTestSupport
import Logging
import NIOCore
import OpenAPIKit
import Testing

struct Counted: APISchema, APIOutput, Equatable {
    var bytes: Int
    var organization: String
    static var schema: JSONSchema { .object(properties: ["bytes": .integer, "organization": .string]) }
    static let samples = [Counted(bytes: 1, organization: "o")]
}

extension Endpoint where Input == StreamedBody, Query == NoQuery, Output == Counted {
    static let count = Endpoint(
        .post, "/count", operationID: "count", tag: "Test", summary: "Counts a streamed body",
        access: .permission(Permission(.usage, .write)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == Counted {
    static let open = Endpoint(.get, "/open", operationID: "open", tag: "Test", summary: "Public", access: .anyone)
    /// Errors in the shape an OpenAI SDK parses.
    static let compatible = Endpoint(
        .get, "/v1/models", operationID: "compatible", tag: "Test", summary: "Another error format",
        access: .permission(Permission(.usage, .read)),
        errorFormat: ErrorFormat { problem, _, coding in
            Response(
                status: problem.status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: try coding.encode(["error": ["message": problem.message, "type": "invalid_request_error"]])))
        })
}

/// Tags every tenant response with the caller's organization: where per-organization rate
/// limits and metrics go, after authentication.
struct OrganizationHeaderMiddleware: RouterMiddleware {
    typealias Context = TenantRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("X-Test-Org")!] = context.scope.orgID.description
        return response
    }
}


@Suite struct RequestPipelineTests {
    let organization = OrgID()

    func withClient(_ body: @Sendable @escaping (any TestClientProtocol, String) async throws -> Void) async throws {
        let tokens = try await TokenIssuer(settings: JWTSettings(signingKey: .init(kid: "k1", secret: String(repeating: "s", count: 32))))
        let unused = DatabaseConfiguration(endpoint: .tcp(host: "127.0.0.1", port: 1), username: "-", database: "-")
        let authenticator = Authenticator(
            tokens: tokens, apiKeys: APIKeyAuthenticator(database: Database(configuration: unused, logger: Logger(label: "test"))))
        var api = APIRegistry(maxBodyBytes: 64, authenticator: authenticator, tenantMiddleware: [OrganizationHeaderMiddleware()])
        api.route(.count) { request, context in
            var bytes = 0
            for try await chunk in request.input.body { bytes += chunk.readableBytes }
            return Counted(bytes: bytes, organization: context.scope.orgID.description)
        }
        api.publicRoute(.open) { _, _ in Counted(bytes: 0, organization: "") }
        api.route(.compatible) { _, _ in throw LedgerError.notFound(resource: "Model") }
        let member = try await tokens.issueAccessToken(for: .user(UserID(), in: organization, role: .member)).token
        let app = Application(router: try api.makeRouter())
        try await app.test(.router) { client in try await body(client, member) }
    }

    @Test func tenantRoutesGetTheCallerAndTheTenantMiddleware() async throws {
        try await withClient { client, token async throws in
            let body = ByteBuffer(repeating: 7, count: 1000)
            let response = try await client.execute(uri: "/count", method: .post, headers: [.authorization: "Bearer \(token)"], body: body)
            #expect(response.status == .ok)
            #expect(try JSONDecoder().decode(Counted.self, from: Data(response.body.readableBytesView)) == Counted(bytes: 1000, organization: organization.description))
            #expect(response.headers[HTTPField.Name("X-Test-Org")!] == organization.description)
        }
    }

    @Test func aMissingOrInvalidCredentialStopsBeforeTheBody() async throws {
        try await withClient { client, _ async throws in
            let anonymous = try await client.execute(uri: "/count", method: .post, body: ByteBuffer(string: "x"))
            #expect(anonymous.status == .unauthorized)
            #expect(try anonymous.errorCode() == "UNAUTHORIZED")
            #expect(anonymous.headers[HTTPField.Name("X-Test-Org")!] == nil)
            let forged = try await client.execute(uri: "/count", method: .post, headers: [.authorization: "Bearer nope"], body: ByteBuffer(string: "x"))
            #expect(forged.status == .unauthorized)
        }
    }

    @Test func publicRoutesDoNotAuthenticate() async throws {
        try await withClient { client, _ async throws in
            let response = try await client.execute(uri: "/open", method: .get, headers: [.authorization: "Bearer not-a-token"])
            #expect(response.status == .ok)
        }
    }

    @Test func anEndpointWritesItsErrorsInItsOwnFormatAuthenticationIncluded() async throws {
        try await withClient { client, token async throws in
            for headers: HTTPFields in [[:], [.authorization: "Bearer \(token)"]] {
                let response = try await client.execute(uri: "/v1/models", method: .get, headers: headers)
                let error = try #require(try response.json()["error"] as? [String: Any])
                #expect(error["type"] as? String == "invalid_request_error")
                #expect(error["code"] == nil)
            }
            #expect(try await client.execute(uri: "/count", method: .post).errorCode() == "UNAUTHORIZED", "others keep the standard shape")
        }
    }
}
