import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite struct OrganizationAdminTests {
    @Test func operatorsManageOrganizationsAndOthersCannotSeeTheRoutes() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let ordinary = try await client.registerOwner(email: "ops@example.com")
                let ordinaryToken = try #require(ordinary.string("access_token"))
                #expect(try await client.send(.get, "/api/v1/admin/organizations", token: ordinaryToken).status == .notFound)

                try await database.withDatabase { pool async throws in
                    try await pool.execute("UPDATE users SET is_operator = true WHERE email = 'ops@example.com'")
                }
                let login = try await client.send(.post, "/api/v1/auth/login", json: ["email": "ops@example.com", "password": "correct horse battery"])
                let operatorToken = try #require(try login.json().string("access_token"))

                let created = try await client.send(
                    .post, "/api/v1/admin/organizations", json: ["name": "Tenant Two", "time_zone": "Europe/Paris"], token: operatorToken)
                #expect(created.status == .created)
                #expect(try created.json().string("slug") == "tenant-two")
                let id = try #require(try created.json().string("id"))
                let badZone = try await client.send(.patch, "/api/v1/admin/organizations/\(id)", json: ["time_zone": "Mars/Olympus"], token: operatorToken)
                #expect(badZone.status == .unprocessableContent)
                let unknownSetting = try await client.send(
                    .patch, "/api/v1/admin/organizations/\(id)", json: ["settings": ["x": 1]], token: operatorToken)
                #expect(unknownSetting.status == .unprocessableContent)
                let fields = try (unknownSetting.json()["error"] as? [String: Any])?["details"] as? [String: Any]
                #expect(((fields?["fields"] as? [[String: Any]])?.first?["field"] as? String) == "settings.x")
                let updated = try await client.send(
                    .patch, "/api/v1/admin/organizations/\(id)", json: ["plan": "pro", "settings": ["cost_source": "reported"]],
                    token: operatorToken)
                #expect(try updated.json().string("plan") == "pro")
                #expect(try updated.json().string("settings.cost_source") == "reported")

                let first = try await client.send(.delete, "/api/v1/admin/organizations/\(id)", token: operatorToken)
                #expect(try first.json().string("status") == "disabled")
                let second = try await client.send(.delete, "/api/v1/admin/organizations/\(id)", token: operatorToken)
                #expect(try second.json().string("status") == "deleted")
                #expect(try await client.send(.get, "/api/v1/admin/organizations/\(id)", token: operatorToken).status == .notFound)
            }
        }
    }

    @Test func aDisabledOrganizationsKeysStopWorking() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let session = try await client.registerOwner()
                let token = try #require(session.string("access_token"))
                let key = try await client.send(.post, "/api/v1/api-keys", json: ["name": "k", "permissions": ["api_key:read"]], token: token)
                let secret = try #require(try key.json().string("secret"))
                try await database.withDatabase { pool async throws in
                    try await pool.execute("UPDATE organizations SET status = 'disabled'")
                }
                #expect(try await client.send(.get, "/api/v1/api-keys", token: secret).status == .unauthorized)
            }
        }
    }
}
