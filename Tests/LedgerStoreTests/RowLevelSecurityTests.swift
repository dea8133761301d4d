import Foundation
import LedgerCore
import LedgerStore
import LedgerTestSupport
import PostgresNIO
import Testing

/// The second wall: inside `Database.tenant` and `Database.read(in:)`, even a query with no
/// org_id filter sees and writes only that organization's rows.
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

    /// A database whose pools hold one connection each, so every tenant read reuses the
    /// connection the previous one (perhaps for another organization) left.
    func onOneConnection(_ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.with { test async throws in
            var single = test.configuration
            single.maximumConnections = 1
            let database = Database(configuration: single, logger: .quiet)
            try await database.whileRunning { try await body(database) }
        }
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

    /// One connection serves both organizations in turn, so each read finds it set to the
    /// other one: a query without org_id still sees the reader's rows only.
    @Test func aTenantReadSeesOnlyItsOrganizationOnAConnectionTheOtherUsed() async throws {
        try await onOneConnection { database async throws in
            let a = try await org(database, "org-a")
            let b = try await org(database, "org-b")
            for scope in [a, b, b, a, b] {
                let visible = try await database.read(in: scope) { connection in
                    try await connection.all("SELECT org_id FROM api_keys", as: UUID.self)
                }
                #expect(visible == [scope.orgID.uuid])
                let organizations = try await database.read(in: scope) {
                    try await $0.all("SELECT id FROM organizations", as: UUID.self)
                }
                #expect(organizations == [scope.orgID.uuid])
            }
            let updated = try await database.write(in: a) {
                try await $0.all("UPDATE api_keys SET name = 'hijacked' RETURNING org_id", as: UUID.self)
            }
            #expect(updated == [a.orgID.uuid])
            await #expect(throws: (any Error).self) {
                try await database.write(in: a) {
                    try await $0.execute(
                        "INSERT INTO memberships (org_id, user_id, role) SELECT \(b.orgID.uuid), gen_random_uuid(), 'owner'")
                }
            }
            #expect(try await database.first("SELECT name FROM api_keys WHERE org_id = \(b.orgID.uuid)", as: String.self) == "k")
            #expect(try await database.first("SELECT count(*) FROM api_keys", as: Int.self) == 2, "the main pool is not confined")
        }
    }

    /// A prepared statement runs one generic plan for every organization (the tenant pool
    /// starts its connections with `plan_cache_mode` so, and planning is not repeated per run)
    /// and still answers each caller only its own rows.
    @Test func aPreparedReadAnswersEachOrganizationOnItsOwnAfterItsPlanIsCached() async throws {
        try await onOneConnection { database async throws in
            let a = try await org(database, "org-a")
            let b = try await org(database, "org-b")
            let mode = try await database.read(in: a) { try await $0.first("SHOW plan_cache_mode", as: String.self) }
            #expect(mode == "force_generic_plan")
            let keyOf = { (scope: TenantScope) in
                try #require(try await database.first("SELECT id FROM api_keys WHERE org_id = \(scope.orgID.uuid)", as: UUID.self))
            }
            let keys = [a.orgID: try await keyOf(a), b.orgID: try await keyOf(b)]
            for round in 0..<8 {
                let (caller, other) = round.isMultiple(of: 2) ? (a, b) : (b, a)
                let own = try await database.read(in: caller) { try await APIKeyRepository($0).find(caller, id: APIKeyID(keys[caller.orgID]!)) }
                #expect(own?.orgID == caller.orgID)
                // The other organization's key, asked under its own org_id: only the wall stands in the way.
                let foreign = try await database.read(in: caller) { try await APIKeyRepository($0).find(other, id: APIKeyID(keys[other.orgID]!)) }
                #expect(foreign == nil, "round \(round)")
            }
        }
    }

    /// A connection of the tenant pool that no read has set yet, and one reset to its start,
    /// see no organization's rows at all.
    @Test func anUnsetTenantConnectionSeesNothing() async throws {
        try await onOneConnection { database async throws in
            let a = try await org(database, "org-a")
            _ = try await org(database, "org-b")
            let afterReset = try await database.read(in: a) { connection in
                try await connection.execute("RESET ALL")
                return try await connection.all("SELECT current_user::text, count(*)::int FROM api_keys", as: (String, Int).self)
            }
            #expect(afterReset.map(\.0) == ["tokenledger_tenant"])
            #expect(afterReset.map(\.1) == [0])
        }
    }
}
