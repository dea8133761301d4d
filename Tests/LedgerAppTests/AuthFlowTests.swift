import Foundation
import HTTPTypes
import HummingbirdTesting
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
                let taken = try await client.send(.post, "/api/v1/auth/register", json: [
                    "email": "x@example.com", "password": "correct horse battery", "name": "X", "organization_name": "Other",
                    "organization_slug": "acme-corp",
                ])
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
                let renamed = try await client.send(.patch, "/api/v1/organization", json: ["name": "Renamed Ltd"], token: token)
                #expect(renamed.status == .ok)
                let after = try await client.send(.get, "/api/v1/auth/me", token: token)
                #expect(try after.json().string("organization.name") == "Renamed Ltd")

                let ok = try await client.send(.post, "/api/v1/auth/login", json: ["email": "ada@example.COM", "password": "correct horse battery"])
                #expect(ok.status == .ok)
                let wrongPassword = try await client.send(.post, "/api/v1/auth/login", json: ["email": "ada@example.com", "password": "nope nope nope"])
                let unknownEmail = try await client.send(.post, "/api/v1/auth/login", json: ["email": "nobody@example.com", "password": "nope nope nope"])
                #expect(wrongPassword.status == .unauthorized)
                #expect(unknownEmail.status == .unauthorized)
                #expect(try wrongPassword.json().string("error.message") == unknownEmail.json().string("error.message"))
                #expect(try wrongPassword.errorCode() == "INVALID_CREDENTIALS")
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
                let weak = try await client.send(.post, "/api/v1/auth/register", json: [
                    "email": "w@example.com", "password": "password123", "name": "W", "organization_name": "Weak",
                ])
                #expect(weak.status == .unprocessableContent)
                #expect(try weak.json().string("error.message")?.contains("too common") == true)
                _ = try await client.registerOwner(email: "dup@example.com")
                let duplicate = try await client.send(.post, "/api/v1/auth/register", json: [
                    "email": "DUP@example.com", "password": "another fine passphrase", "name": "D", "organization_name": "Other",
                ])
                #expect(duplicate.status == .conflict)
            }
        }
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let session = try await client.registerOwner()
                let first = try #require(session.string("refresh_token"))
                let rotated = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first])
                #expect(rotated.status == .ok)
                let second = try #require(try rotated.json().string("refresh_token"))
                #expect(second != first)

                let replay = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": first])
                #expect(replay.status == .unauthorized)
                #expect(try replay.errorCode() == "REFRESH_TOKEN_REUSED")
                let afterReplay = try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": second])
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
                        group.addTask { try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": token]).status }
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
                #expect(try await client.send(.post, "/api/v1/auth/logout", json: ["refresh_token": token]).status == .noContent)
                #expect(try await client.send(.post, "/api/v1/auth/refresh", json: ["refresh_token": token]).status == .unauthorized)
            }
        }
    }

    @Test func repeatedFailuresAreThrottledWithRetryAfter() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                _ = try await client.registerOwner(email: "target@example.com")
                for _ in 0..<5 {
                    let failed = try await client.send(.post, "/api/v1/auth/login", json: ["email": "target@example.com", "password": "wrong wrong wrong"])
                    #expect(failed.status == .unauthorized)
                }
                let locked = try await client.send(.post, "/api/v1/auth/login", json: ["email": "target@example.com", "password": "correct horse battery"])
                #expect(locked.status == .tooManyRequests)
                #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            }
        }
    }
}
