import LedgerStore
import LedgerTestSupport
import PostgresNIO
import Testing

@Suite struct MigrationRunnerTests {
    @Test func freshDatabaseGetsEveryFileOnceAndASecondRunIsANoOp() async throws {
        try await TestDatabase.with(migrated: false) { test async throws in
            try await test.withDatabase { database async throws in
                let runner = MigrationRunner(database: database)
                #expect(try await runner.status().pending == Migration.embedded.map(\.name))
                let applied = try await runner.migrate()
                #expect(applied == Migration.embedded.map(\.name))
                #expect(try await runner.migrate() == [])
                #expect(try await runner.status().isCurrent)
                let recorded = try await database.all(
                    "SELECT name, length(checksum) FROM schema_migrations ORDER BY version", as: (String, Int).self)
                #expect(recorded.map(\.0) == Migration.embedded.map(\.name))
                #expect(recorded.allSatisfy { $0.1 == 64 })
                #expect(try await database.first("SELECT count(*) FROM organizations", as: Int.self) == 0)
            }
        }
    }

    @Test func concurrentRunnersApplyEachFileExactlyOnce() async throws {
        try await TestDatabase.with(migrated: false) { test async throws in
            let migrations = Migration.embedded + [
                Migration(version: 9001, name: "9001_slow.sql", sql: "SELECT pg_sleep(0.3); CREATE TABLE slow_marker (id int)")
            ]
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await test.withDatabase { database async throws in
                            try await MigrationRunner(database: database, migrations: migrations).migrate()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append(contentsOf: $1) }
            }
            #expect(results.sorted() == migrations.map(\.name).sorted())
            try await test.withDatabase { database async throws in
                #expect(try await database.first("SELECT count(*) FROM schema_migrations", as: Int.self) == migrations.count)
            }
        }
    }

    @Test func anEditedAppliedFileIsRefused() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                var edited = Migration.embedded
                edited[0] = Migration(version: edited[0].version, name: edited[0].name, sql: edited[0].sql + "\n-- edited")
                let runner = MigrationRunner(database: database, migrations: edited)
                #expect(try await runner.status().changed == [edited[0].name])
                await #expect(throws: MigrationError.changed([edited[0].name])) { try await runner.migrate() }
            }
        }
    }

    @Test func aDatabaseAheadOfTheBinaryIsRefused() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                let older = MigrationRunner(database: database, migrations: [])
                await #expect(throws: MigrationError.unknownApplied(Migration.embedded.map(\.name))) {
                    try await older.migrate()
                }
            }
        }
    }

    @Test func aFailingFileIsRolledBackWhole() async throws {
        try await TestDatabase.with { test async throws in
            try await test.withDatabase { database async throws in
                let broken = Migration(
                    version: 9002, name: "9002_broken.sql", sql: "CREATE TABLE half_done (id int); SELECT 1/0;")
                let runner = MigrationRunner(database: database, migrations: Migration.embedded + [broken])
                await #expect(throws: MigrationError.self) { try await runner.migrate() }
                #expect(try await database.first("SELECT to_regclass('half_done') IS NULL", as: Bool.self) == true)
                #expect(try await runner.status().pending == ["9002_broken.sql"])
            }
        }
    }
}
