import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LedgerHTTP
import LedgerTestSupport
import NIOCore
import Testing

@Suite struct AuthFlowTests {
    /// A caller who sends no slug is never refused over one: any name gets a valid slug, and a
    /// name already taken gets a unique one.
    @Test func everyOrganizationNameGetsAValidSlug() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                var slugs: [String] = []
                for name in ["K", "日本", "Acme Corp.", "Acme Corp."] {
                    let session = try await client.registerOwner(organization: name)
                    let token = try #require(session.string("access_token"))
                    let me = try await client.send(.get, "/api/v1/organization", token: token).json()
                    #expect(me["name"] as? String == name)
                    slugs.append(try #require(me["slug"] as? String))
                }
                #expect(Array(slugs.prefix(3)) == ["org-k", "org", "acme-corp"])
                #expect(slugs[3].hasPrefix("acme-corp-") && slugs[3].count == "acme-corp-".count + 6)
                let taken = try await client.call(
                    .register, body: RegisterRequest(
                        email: "x@example.com", password: "correct horse battery",
                        name: "X", organizationName: "Other", organizationSlug: "acme-corp"))
                #expect(taken.status == .conflict, "a slug the caller chose is theirs to change")
            }
        }
    }

    @Test func registerThenMeThenLoginWithTheSameAnswerForEveryBadCredential() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let session = try await client.registerOwner(email: "Ada@Example.com")
                let token = try #require(session.string("access_token"))
                let me = try await client.send(.get, "/api/v1/auth/me", token: token)
                #expect(me.status == .ok)
                let body = try me.json()
                #expect(body["role"] as? String == "owner")
                #expect((body["permissions"] as? [String])?.contains("organization:manage") == true)
                // The answer's encoding is remembered by value: a change shows at once.
                #expect(try await client.send(.get, "/api/v1/auth/me", token: token).body == me.body)
                let renamed = try await client.call(
                    .updateOwnOrganization, body: UpdateOwnOrganizationRequest(name: "Renamed Ltd"), token: token)
                #expect(renamed.status == .ok)
                let after = try await client.send(.get, "/api/v1/auth/me", token: token)
                #expect(try after.json().string("organization.name") == "Renamed Ltd")

                let ok = try await client.call(
                    .login, body: LoginRequest(email: "ada@example.COM", password: "correct horse battery", organization: nil))
                #expect(ok.status == .ok)
                let wrongPassword = try await client.call(
                    .login, body: LoginRequest(email: "ada@example.com", password: "nope nope nope", organization: nil))
                let unknownEmail = try await client.call(
                    .login, body: LoginRequest(email: "nobody@example.com", password: "nope nope nope", organization: nil))
                #expect(wrongPassword.status == .unauthorized)
                #expect(unknownEmail.status == .unauthorized)
                #expect(try wrongPassword.error().message == unknownEmail.error().message)
                #expect(try wrongPassword.error().code == "INVALID_CREDENTIALS")
            }
        }
    }

    @Test func meNeedsCredentials() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let response = try await client.send(.get, "/api/v1/auth/me")
                #expect(response.status == .unauthorized)
                #expect(try response.errorCode() == "UNAUTHORIZED")
                let garbage = try await client.send(.get, "/api/v1/auth/me", token: "not.a.jwt")
                #expect(try garbage.errorCode() == "INVALID_TOKEN")
            }
        }
    }

    @Test func weakPasswordsAndDuplicateEmailsAreRefused() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let weak = try await client.call(
                    .register, body: RegisterRequest(
                        email: "w@example.com", password: "password123",
                        name: "W", organizationName: "Weak", organizationSlug: nil))
                #expect(weak.status == .unprocessableContent)
                #expect(try weak.error().message.contains("too common"))
                _ = try await client.registerOwner(email: "dup@example.com")
                let duplicate = try await client.call(
                    .register, body: RegisterRequest(
                        email: "DUP@example.com", password: "another fine passphrase",
                        name: "D", organizationName: "Other", organizationSlug: nil))
                #expect(duplicate.status == .conflict)
            }
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let session = try await client.registerOwner()
                let first = try #require(session.string("refresh_token"))
                let rotated = try await client.call(.refresh, body: RefreshRequest(refreshToken: first))
                #expect(rotated.status == .ok)
                let second = try rotated.value().refreshToken
                #expect(second != first)

                let replay = try await client.call(.refresh, body: RefreshRequest(refreshToken: first))
                #expect(replay.status == .unauthorized)
                #expect(try replay.error().code == "REFRESH_TOKEN_REUSED")
                let afterReplay = try await client.call(.refresh, body: RefreshRequest(refreshToken: second))
                #expect(afterReplay.status == .unauthorized, "the whole family is revoked")
            }
        }
    }

    @Test func concurrentRefreshesOfOneTokenYieldOneSession() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("refresh_token"))
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<6 {
                        group.addTask { try await client.call(.refresh, body: RefreshRequest(refreshToken: token)).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.filter { $0 == .ok }.count == 1)
            }
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("refresh_token"))
                #expect(try await client.call(.logout, body: RefreshRequest(refreshToken: token)).status == .noContent)
                #expect(try await client.call(.refresh, body: RefreshRequest(refreshToken: token)).status == .unauthorized)
            }
        }
    }

    @Test func repeatedFailuresAreThrottledWithRetryAfter() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                _ = try await client.registerOwner(email: "target@example.com")
                for _ in 0..<5 {
                    let failed = try await client.call(
                        .login, body: LoginRequest(email: "target@example.com", password: "wrong wrong wrong", organization: nil))
                    #expect(failed.status == .unauthorized)
                }
                let locked = try await client.call(
                    .login, body: LoginRequest(email: "target@example.com", password: "correct horse battery", organization: nil))
                #expect(locked.status == .tooManyRequests)
                #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
        }
    }
}
