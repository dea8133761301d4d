import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerCore
@testable import LedgerHTTP
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
        _ = try await client.call(.register, body: RegisterRequest(
            email: adminEmail, password: "correct horse battery", name: "Admin", organizationName: "Admin's own", organizationSlug: nil))
        let added = try await client.call(.addMember, body: AddMemberRequest(email: adminEmail, role: .admin), token: owner)
        #expect(added.status == .created)
        let login = try await client.call(.login, body: LoginRequest(
            email: adminEmail, password: "correct horse battery", organization: session.string("organization.slug")))
        return (owner, try #require(session.string("user.id")), try login.value().accessToken, try added.value().id.description)
    }

    @Test func inviteListAndRename() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let owner = try #require(try await client.registerOwner().string("access_token"))
                let invited = try await client.call(.addMember, body: AddMemberRequest(email: "new@example.com", role: .viewer), token: owner)
                #expect(invited.status == .created)
                #expect(try invited.value().status == .invited)
                let again = try await client.call(.addMember, body: AddMemberRequest(email: "NEW@example.com", role: .viewer), token: owner)
                #expect(again.status == .conflict)
                let list = try await client.call(.listMembers, query: "limit=1", token: owner)
                #expect(try list.value().data.count == 1)
                let next = try #require(try list.value().nextCursor)
                let page2 = try await client.call(.listMembers, query: "limit=1&cursor=\(next)", token: owner)
                #expect(try page2.value().data.first?.email == "new@example.com")
                #expect(try await client.call(.listMembers, query: "limit=500", token: owner).status == .badRequest)
                let renamed = try await client.call(.updateMember, id: try invited.value().id, body: UpdateMemberRequest(name: "Newt"), token: owner)
                #expect(try renamed.value().name == "Newt")
            }
        }
    }

    @Test func roleGuardsHold() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let team = try await ownerAndAdmin(client)
                let member = try await client.call(.addMember, body: AddMemberRequest(email: "m@example.com", role: .member), token: team.admin)
                #expect(member.status == .created)
                let memberID = try member.value().id

                let aboveOwn = try await client.call(.setMemberRole, id: memberID, body: SetRoleRequest(role: .owner), token: team.admin)
                #expect(aboveOwn.status == .forbidden)
                let editOwner = try await client.call(.setMemberRole, id: team.ownerID, body: SetRoleRequest(role: .viewer), token: team.admin)
                #expect(editOwner.status == .forbidden)
                let removeOwner = try await client.call(.removeMember, id: team.ownerID, token: team.admin)
                #expect(removeOwner.status == .forbidden)
                let lastOwner = try await client.call(.setMemberRole, id: team.ownerID, body: SetRoleRequest(role: .admin), token: team.owner)
                #expect(lastOwner.status == .conflict)
                let lastOwnerLeaves = try await client.call(.removeMember, id: team.ownerID, token: team.owner)
                #expect(lastOwnerLeaves.status == .conflict)

                let promoted = try await client.call(.setMemberRole, id: memberID, body: SetRoleRequest(role: .billing), token: team.admin)
                #expect(try promoted.value().role == .billing)
                #expect(try await client.call(.removeMember, id: memberID, token: team.admin).status == .noContent)
                let gone = try await client.call(.getMember, id: memberID, token: team.admin)
                #expect(gone.status == .notFound)
                #expect(try gone.error().message == "User not found")
            }
        }
    }

    @Test func viewersCannotAdministerAndTheErrorNamesThePermission() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let owner = try #require(try await client.registerOwner().string("access_token"))
                let key = try await client.call(
                    APIKeyAPI.create, body: CreateAPIKeyRequest(name: "ro", permissions: [Permission(.user, .read)]), token: owner)
                let response = try await client.call(
                    .addMember, body: AddMemberRequest(email: "x@example.com", role: .viewer), token: try key.value().secret)
                #expect(response.status == .forbidden)
                #expect(try response.error().details?["required_permission"] == .string("user:write"))
            }
        }
    }

    @Test func actionsLandInTheAuditLogWhichIsAppendOnly() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let team = try await ownerAndAdmin(client)
                _ = try await client.call(.login, body: LoginRequest(email: "nobody@example.com", password: "wrong wrong wrong", organization: nil))
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
