import Foundation
import LedgerCore
import LedgerStore
import LedgerTestSupport
import PostgresNIO
import Testing

/// The second wall: inside `Database.tenant`, even a query with no org_id filter sees and
/// writes only that organization's rows.
@Suite struct RowLevelSecurityTests {
    func org(_ database: Database, _ slug: String) async throws -> TenantScope {
        let id = OrgID()
        try await database.execute("INSERT INTO organizations (id, name, slug) VALUES (\(id.uuid), \(slug), \(slug))")
        try await database.execute(
            """
            INSERT INTO api_keys (org_id, id, name, prefix, secret_hash, permissions)
            VALUES (\(id.uuid), \(UUID()), 'k', \(String(slug.prefix(8)).padding(toLength: 8, withPad: "x", startingAt: 0)),
                    decode(md5(\(slug)), 'hex'), '{usage:read}')
            """)
        return TenantScope(orgID: id)
    }

    @Test func aScopedTransactionSeesAndWritesOnlyItsOrganization() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                let a = try await org(database, "org-a")
                let b = try await org(database, "org-b")
                let visible = try await database.tenant(b) { transaction in
                    try await transaction.all("SELECT org_id FROM api_keys", as: UUID.self)
                }
                #expect(visible == [b.orgID.uuid])
                #expect(try await database.tenant(b) { try await $0.first("SELECT count(*) FROM organizations", as: Int.self) } == 1)
                await #expect(throws: (any Error).self) {
                    try await database.tenant(b) { transaction in
                        try await transaction.execute(
                            "INSERT INTO memberships (org_id, user_id, role) SELECT \(a.orgID.uuid), gen_random_uuid(), 'owner'")
                    }
                }
                let updated = try await database.tenant(b) { transaction in
                    try await transaction.all("UPDATE api_keys SET name = 'hijacked' RETURNING org_id", as: UUID.self)
                }
                #expect(updated == [b.orgID.uuid])
                #expect(try await database.first("SELECT name FROM api_keys WHERE org_id = \(a.orgID.uuid)", as: String.self) == "k")
                #expect(try await database.first("SELECT count(*) FROM api_keys", as: Int.self) == 2, "the setting is transaction-local")
            }
        }
    }
}
