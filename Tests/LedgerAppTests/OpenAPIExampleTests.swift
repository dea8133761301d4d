import Foundation
import HTTPTypes
@testable import LedgerHTTP
import LedgerTestSupport
import NIOCore
import Testing

/// The examples the committed document publishes are requests the server accepts.
@Suite struct OpenAPIExampleTests {
    @Test func theRegisterAndLoginExamplesSignIn() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let registered = try await client.call(Endpoint.register, body: try #require(RegisterRequest.samples.first))
                #expect(registered.status == .created, "\(String(buffer: registered.body))")
                let signedIn = try await client.call(Endpoint.login, body: try #require(LoginRequest.samples.first))
                #expect(signedIn.status == .ok, "\(String(buffer: signedIn.body))")
                #expect(try signedIn.value().organization.slug == "acme")
            }
        }
    }
}
