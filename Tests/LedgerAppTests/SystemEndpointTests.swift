import Foundation
import NIOCore
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerTestSupport
import Testing

@Suite struct SystemEndpointTests {
    @Test func healthReportsStatusVersionAndUptime() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let response = try await client.execute(uri: "/health", method: .get)
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["status"] as? String == "healthy")
                #expect(body["version"] as? String == "0.1.0")
                #expect((body["uptime_seconds"] as? Int).map { $0 >= 0 } == true)
            }
        }
    }

    @Test func readyWhenTheSchemaIsCurrent() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let response = try await client.readiness()
                #expect(response.status == .ok)
                #expect(try response.json()["migrations"] as? String == "current")
            }
        }
    }

    @Test func notReadyWhileMigrationsArePending() async throws {
        try await TestDatabase.with(migrated: false) { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                // Under the whole suite's load the first check may time out on the connection
                // instead (also a 503); asked again, it names the pending migrations.
                var message = ""
                for _ in 0..<10 where !message.contains("migrations pending") {
                    let response = try await client.execute(uri: "/ready", method: .get)
                    #expect(response.status == .serviceUnavailable)
                    message = (try response.json()["error"] as? [String: Any])?["message"] as? String ?? ""
                }
                #expect(message.contains("migrations pending: 0001_"))
            }
        }
    }

    @Test func autoMigrateBringsAnEmptyDatabaseToReady() async throws {
        try await TestDatabase.with(migrated: false) { database async throws in
            var config = TestApp.config()
            config.database.autoMigrate = true
            try await TestApp.withClient(config: config, on: database) { client async throws in
                #expect(try await client.readiness().status == .ok)
            }
        }
    }
}
