import Foundation
import NIOCore
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerStore
import PostgresNIO
import LedgerTestSupport
import Testing

/// The embedded default, each test on a cluster of its own in a fresh folder.
@Suite struct EmbeddedPostgresTests {
    func withCluster(_ body: (EmbeddedPostgres) async throws -> Void) async throws {
        let root = URL(fileURLWithPath: "/tmp/tl-embedded-\(UUID().uuidString.prefix(8))")
        let cluster = try EmbeddedPostgres(dataDirectory: root.appendingPathComponent("postgres").path)
        defer {
            try? cluster.stop()
            try? FileManager.default.removeItem(at: root)
        }
        try await body(cluster)
    }

    @Test func startsFromAnEmptyFolderAndKeepsItsDataAcrossRestarts() async throws {
        try await withCluster { cluster async throws in
            #expect(try cluster.start() == true)
            try await cluster.createDatabaseIfMissing(logger: .quiet)
            let database = Database(configuration: cluster.configuration, logger: .quiet)
            try await database.whileRunning {
                try await MigrationRunner(database: database).migrate()
                try await database.execute("INSERT INTO organizations (id, name, slug) VALUES (\(UUID()), 'Kept', 'kept')")
            }
            #expect(try cluster.start() == false, "a running cluster is reused, not started twice")
            try cluster.stop()
            #expect(try cluster.start() == true)
            try await cluster.createDatabaseIfMissing(logger: .quiet)
            let again = Database(configuration: cluster.configuration, logger: .quiet)
            try await again.whileRunning { () async throws in
                #expect(try await MigrationRunner(database: again).status().isCurrent)
                #expect(try await again.first("SELECT count(*) FROM organizations WHERE slug = 'kept'", as: Int.self) == 1)
            }
        }
    }

    /// As root in a folder the cluster's account cannot enter (any folder under `/root`).
    @Test(.enabled(if: getuid() == 0 && FileManager.default.fileExists(atPath: "/root")))
    func aFolderTheClusterUserCannotEnterStillGetsACluster() async throws {
        let project = URL(fileURLWithPath: "/root/tl-embedded-\(UUID().uuidString.prefix(8))")
        let relocation = "/tmp/tl-relocated-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: project.path)
        defer {
            try? FileManager.default.removeItem(at: project)
            try? FileManager.default.removeItem(atPath: relocation)
        }
        let asked = project.appendingPathComponent(".tokenledger/postgres").path
        let cluster = try EmbeddedPostgres(dataDirectory: asked, relocationRoot: relocation)
        defer { try? cluster.stop() }
        #expect(cluster.dataDirectory.path.hasPrefix(relocation))
        #expect(try cluster.start() == true)
        try await cluster.createDatabaseIfMissing(logger: .quiet)
        try cluster.stop()
        let again = try EmbeddedPostgres(dataDirectory: asked, relocationRoot: relocation)
        #expect(again.dataDirectory.path == cluster.dataDirectory.path, "the same folder finds the same cluster")
        #expect(try again.start() == true)
    }

    @Test func readinessFollowsTheDatabaseDownAndBackUp() async throws {
        try await withCluster { cluster async throws in
            _ = try cluster.start()
            try await cluster.createDatabaseIfMissing(logger: .quiet)
            var config = TestApp.config()
            config.database.autoMigrate = true
            try await TestApp.withClient(config: config, on: cluster.configuration) { client async throws in
                #expect(try await client.readiness().status == .ok)
                try cluster.stop()
                let down = try await client.execute(uri: "/ready", method: .get)
                #expect(down.status == .serviceUnavailable)
                #expect(try down.errorCode() == "SERVICE_UNAVAILABLE")
                #expect(try cluster.start() == true)
                #expect(try await client.readiness().status == .ok)
            }
        }
    }
}
