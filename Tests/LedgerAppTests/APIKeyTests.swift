import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerCore
@testable import LedgerHTTP
import LedgerStore
import PostgresNIO
import LedgerTestSupport
import NIOCore
import Testing

@Suite struct APIKeyTests {
    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    func createKey(_ client: any TestClientProtocol, token: String, permissions: [String]) async throws -> (id: String, secret: String) {
        let granted = try permissions.map { try #require(Permission($0)) }
        let response = try await client.call(APIKeyAPI.create, body: CreateAPIKeyRequest(name: "ingest", permissions: granted), token: token)
        #expect(response.status == .created)
        let created = try response.value()
        return (created.key.id.description, created.secret)
    }

    @Test func aKeyMadeWithoutPermissionsGetsWhatItsCreatorHoldsOfTheIngestPreset() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let full = try await client.call(APIKeyAPI.create, body: CreateAPIKeyRequest(name: "ingest"), token: token)
                #expect(full.status == .created)
                #expect(try full.value().key.permissions == ["usage:read", "usage:write"])
                // A creator holding only part of the preset grants that part.
                let reader = try await createKey(client, token: token, permissions: ["api_key:write", "usage:read"])
                let partial = try await client.call(APIKeyAPI.create, body: CreateAPIKeyRequest(name: "reads"), token: reader.secret)
                #expect(try partial.value().key.permissions == ["usage:read"])
            }
        }
    }

    @Test func thePrincipalEndpointNamesTheCallerAndItsPermissions() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let key = try await createKey(client, token: token, permissions: ["usage:write", "usage:read"])
                let asKey = try await client.send(.get, "/api/v1/auth/principal", headers: [Self.apiKeyHeader: key.secret]).json()
                #expect(asKey.string("kind") == "api_key" && asKey.string("api_key_id") == key.id)
                #expect(asKey["permissions"] as? [String] == ["usage:read", "usage:write"])
                #expect(asKey["user_id"] == nil && asKey["role"] == nil)
                let asUser = try await client.send(.get, "/api/v1/auth/principal", token: token).json()
                #expect(asUser.string("kind") == "user" && asUser.string("role") == "owner")
                #expect(asUser.string("organization_id") == asKey.string("organization_id"))
                #expect(try await client.send(.get, "/api/v1/auth/principal").status == .unauthorized)
            }
        }
    }

    @Test func aKeyWorksInEitherHeaderWithExactlyItsPermissions() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let key = try await createKey(client, token: token, permissions: ["api_key:read"])
                #expect(key.secret.hasPrefix("tl_") && key.secret.count == 3 + 8 + 1 + 43)

                let viaHeader = try await client.send(.get, "/api/v1/api-keys", headers: [Self.apiKeyHeader: key.secret])
                #expect(viaHeader.status == .ok)
                let listed = try #require(try viaHeader.json()["data"] as? [[String: Any]])
                #expect(listed.count == 1 && listed[0]["prefix"] as? String == String(key.secret.dropFirst(3).prefix(8)))
                #expect(!String(buffer: viaHeader.body).contains(key.secret), "the secret is never listed")
                #expect(try await client.send(.get, "/api/v1/api-keys/\(key.id)", token: key.secret).status == .ok)

                let forbidden = try await client.call(
                    APIKeyAPI.create, body: CreateAPIKeyRequest(name: "x", permissions: [Permission(.apiKey, .read)]), token: key.secret)
                #expect(forbidden.status == .forbidden)
                #expect(try forbidden.error().details?["required_permission"] == .string("api_key:write"))
            }
        }
    }

    @Test func aKeyCannotHoldMoreThanItsCreator() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let limited = try await createKey(client, token: token, permissions: ["api_key:write", "api_key:read"])
                let escalation = try await client.call(
                    APIKeyAPI.create, body: CreateAPIKeyRequest(name: "more", permissions: [Permission(.usage, .write)]), token: limited.secret)
                #expect(escalation.status == .forbidden)
                #expect(try escalation.error().details?["required_permission"] == .string("usage:write"))
                // Not a permission at all: only a raw body can say it.
                let unknown = try await client.send(
                    .post, "/api/v1/api-keys", json: ["name": "bad", "permissions": ["usage:fly"]], token: token)
                #expect(unknown.status == .unprocessableContent)
            }
        }
    }

    @Test func revokedRotatedAndUnknownKeysSayWhichClass() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let first = try await createKey(client, token: token, permissions: ["api_key:read"])
                #expect(try await client.send(.get, "/api/v1/api-keys", token: first.secret).status == .ok)
                #expect(try await client.send(.delete, "/api/v1/api-keys/\(first.id)", token: token).status == .noContent)
                let revoked = try await client.send(.get, "/api/v1/api-keys", token: first.secret)
                #expect(try revoked.errorCode() == "API_KEY_REVOKED")

                let second = try await createKey(client, token: token, permissions: ["api_key:read"])
                #expect(try await client.send(.get, "/api/v1/api-keys", token: second.secret).status == .ok)
                let rotated = try await client.send(.post, "/api/v1/api-keys/\(second.id)/rotate", token: token)
                #expect(rotated.status == .ok)
                let newSecret = try #require(try rotated.json().string("secret"))
                #expect(try await client.send(.get, "/api/v1/api-keys", token: second.secret).status == .unauthorized)
                #expect(try await client.send(.get, "/api/v1/api-keys", token: newSecret).status == .ok)

                let unknown = try await client.send(.get, "/api/v1/api-keys", token: "tl_abcdefgh_" + String(repeating: "A", count: 43))
                #expect(try unknown.errorCode() == "INVALID_API_KEY")
            }
        }
    }

    @Test func aRevocationReachesAnotherReplicaWithinASecond() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { replicaA async throws in
                let token = try #require(try await replicaA.registerOwner().string("access_token"))
                let key = try await createKey(replicaA, token: token, permissions: ["api_key:read"])
                try await TestApp.withClient(on: database) { replicaB async throws in
                    #expect(try await replicaB.send(.get, "/api/v1/api-keys", token: key.secret).status == .ok, "cache warm on B")
                    try await Task.sleep(for: .milliseconds(200))
                    #expect(try await replicaA.send(.delete, "/api/v1/api-keys/\(key.id)", token: token).status == .noContent)
                    try await Task.sleep(for: .seconds(1))
                    #expect(try await replicaB.send(.get, "/api/v1/api-keys", token: key.secret).status == .unauthorized)
                }
            }
        }
    }
}

@Suite struct APIKeyLastUseTests {
    @Test func lastUseIsWrittenInABatchNotPerRequest() async throws {
        try await TestDatabase.with { database async throws in
            // The job's first round runs at start, before any use, and its next is an hour away:
            // only the shutdown can write the use.
            var config = TestApp.config()
            config.auth.apiKeyUseInterval = .seconds(3600)
            let keyID = try await TestApp.withClient(config: config, on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let key = try await client.send(.post, "/api/v1/api-keys", json: ["name": "k", "permissions": ["api_key:read"]], token: token)
                let secret = try #require(try key.json().string("secret"))
                for _ in 0..<3 { #expect(try await client.send(.get, "/api/v1/api-keys", token: secret).status == .ok) }
                let listed = try await client.send(.get, "/api/v1/api-keys", token: token)
                #expect((try listed.json()["data"] as? [[String: Any]])?.first?["last_used_at"] == nil, "not written per request")
                return try #require(try key.json().string("key.id"))
            }
            // The app's shutdown flushes what it gathered.
            try await database.withDatabase { pool async throws in
                let used = try await pool.first(
                    "SELECT last_used_at IS NOT NULL FROM api_keys WHERE id = \(UUID(uuidString: keyID)!)", as: Bool.self)
                #expect(used == true)
            }
        }
    }
}
