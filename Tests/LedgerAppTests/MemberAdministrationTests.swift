import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite struct MemberAdministrationTests {
    /// An owner, plus an admin who signed in with a password.
    func ownerAndAdmin(_ client: any TestClientProtocol) async throws -> (owner: String, ownerID: String, admin: String, adminID: String) {
        let session = try await client.registerOwner()
        let owner = try #require(session.string("access_token"))
        let adminEmail = "admin-\(UUID().uuidString.prefix(6))@example.com"
        _ = try await client.send(.post, "/api/v1/auth/register", json: [
            "email": adminEmail, "password": "correct horse battery", "name": "Admin", "organization_name": "Admin's own",
        ])
        let added = try await client.send(.post, "/api/v1/admin/users", json: ["email": adminEmail, "role": "admin"], token: owner)
        #expect(added.status == .created)
        let login = try await client.send(.post, "/api/v1/auth/login", json: [
            "email": adminEmail, "password": "correct horse battery", "organization": try #require(session.string("organization.slug")),
        ])
        return (owner, try #require(session.string("user.id")), try #require(try login.json().string("access_token")),
                try #require(try added.json().string("id")))
    }

    @Test func inviteListAndRename() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let owner = try #require(try await client.registerOwner().string("access_token"))
                let invited = try await client.send(.post, "/api/v1/admin/users", json: ["email": "new@example.com", "role": "viewer"], token: owner)
                #expect(invited.status == .created)
                #expect(try invited.json().string("status") == "invited")
                let again = try await client.send(.post, "/api/v1/admin/users", json: ["email": "NEW@example.com", "role": "viewer"], token: owner)
                #expect(again.status == .conflict)
                let list = try await client.send(.get, "/api/v1/admin/users?limit=1", token: owner)
                #expect((try list.json()["data"] as? [Any])?.count == 1)
                let next = try #require(try list.json().string("next_cursor"))
                let page2 = try await client.send(.get, "/api/v1/admin/users?limit=1&cursor=\(next)", token: owner)
                #expect((try page2.json()["data"] as? [[String: Any]])?.first?["email"] as? String == "new@example.com")
                #expect(try await client.send(.get, "/api/v1/admin/users?limit=500", token: owner).status == .badRequest)
                let id = try #require(try invited.json().string("id"))
                let renamed = try await client.send(.patch, "/api/v1/admin/users/\(id)", json: ["name": "Newt"], token: owner)
                #expect(try renamed.json().string("name") == "Newt")
            }
        }
    }

    @Test func roleGuardsHold() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let team = try await ownerAndAdmin(client)
                let member = try await client.send(.post, "/api/v1/admin/users", json: ["email": "m@example.com", "role": "member"], token: team.admin)
                #expect(member.status == .created)
                let memberID = try #require(try member.json().string("id"))

                let aboveOwn = try await client.send(.put, "/api/v1/admin/users/\(memberID)/roles", json: ["role": "owner"], token: team.admin)
                #expect(aboveOwn.status == .forbidden)
                let editOwner = try await client.send(.put, "/api/v1/admin/users/\(team.ownerID)/roles", json: ["role": "viewer"], token: team.admin)
                #expect(editOwner.status == .forbidden)
                let removeOwner = try await client.send(.delete, "/api/v1/admin/users/\(team.ownerID)", token: team.admin)
                #expect(removeOwner.status == .forbidden)
                let lastOwner = try await client.send(.put, "/api/v1/admin/users/\(team.ownerID)/roles", json: ["role": "admin"], token: team.owner)
                #expect(lastOwner.status == .conflict)
                let lastOwnerLeaves = try await client.send(.delete, "/api/v1/admin/users/\(team.ownerID)", token: team.owner)
                #expect(lastOwnerLeaves.status == .conflict)

                let promoted = try await client.send(.put, "/api/v1/admin/users/\(memberID)/roles", json: ["role": "billing"], token: team.admin)
                #expect(try promoted.json().string("role") == "billing")
                #expect(try await client.send(.delete, "/api/v1/admin/users/\(memberID)", token: team.admin).status == .noContent)
                #expect(try await client.send(.get, "/api/v1/admin/users/\(memberID)", token: team.admin).status == .notFound)
            }
        }
    }

    @Test func viewersCannotAdministerAndTheErrorNamesThePermission() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let owner = try #require(try await client.registerOwner().string("access_token"))
                let key = try await client.send(.post, "/api/v1/api-keys", json: ["name": "ro", "permissions": ["user:read"]], token: owner)
                let secret = try #require(try key.json().string("secret"))
                let response = try await client.send(.post, "/api/v1/admin/users", json: ["email": "x@example.com", "role": "viewer"], token: secret)
                #expect(response.status == .forbidden)
                #expect(try response.json().string("error.details.required_permission") == "user:write")
            }
        }
    }

    @Test func actionsLandInTheAuditLogWhichIsAppendOnly() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let team = try await ownerAndAdmin(client)
                _ = try await client.send(.post, "/api/v1/auth/login", json: ["email": "nobody@example.com", "password": "wrong wrong wrong"])
                let log = try await client.send(.get, "/api/v1/audit-log", token: team.owner)
                #expect(log.status == .ok)
                let actions = try #require(try log.json()["data"] as? [[String: Any]]).compactMap { $0["action"] as? String }
                for action in ["auth.registered", "organization.created", "member.added", "auth.login_succeeded"] {
                    #expect(actions.contains(action), "missing \(action)")
                }
                let filtered = try await client.send(.get, "/api/v1/audit-log?action=member.added", token: team.owner)
                let rows = try #require(try filtered.json()["data"] as? [[String: Any]])
                #expect(rows.count == 1 && rows[0]["actor_id"] as? String == team.ownerID && rows[0]["request_id"] != nil)
                let badRange = try await client.send(
                    .get, "/api/v1/audit-log?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", token: team.owner)
                #expect(try badRange.errorCode() == "INVALID_DATE_RANGE")
                let forbidden = try await client.send(.get, "/api/v1/audit-log", token: team.admin)
                #expect(forbidden.status == .ok, "admins read the audit log")
            }
            try await database.withDatabase { pool async throws in
                await #expect(throws: (any Error).self) { try await pool.execute("UPDATE audit_log SET action = 'x'") }
                await #expect(throws: (any Error).self) { try await pool.execute("DELETE FROM audit_log") }
            }
        }
    }
}
