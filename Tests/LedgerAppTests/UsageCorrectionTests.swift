import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

/// Deletes and re-pricing keep the rollups equal to the raw events.
@Suite struct UsageCorrectionTests {
    func rawTotal(_ database: TestDatabase) async throws -> Int {
        try await database.withDatabase { pool async throws in
            try await pool.first("SELECT COALESCE(sum(cost_total), 0)::bigint FROM usage_events", as: Int.self) ?? -1
        }
    }

    func rollupTotal(_ client: any TestClientProtocol, token: String) async throws -> [String: Any] {
        let stats = try await client.send(.get, "/api/v1/usage/stats", token: token)
        #expect(stats.status == .ok)
        return try #require(try stats.json()["totals"] as? [String: Any])
    }

    @Test func repricingPricesWhatWasUnpricedAndDeletesTakeTheirShareBack() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let when = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
                var ids: [String] = []
                for model in ["in-house-llm", "in-house-llm", "gpt-4o"] {
                    let created = try await client.send(.post, "/api/v1/usage", json: [
                        "provider": "acme", "model": model, "timestamp": when,
                        "usage": ["prompt_tokens": 1_000_000, "completion_tokens": 0],
                    ], token: token)
                    ids.append(try #require(try created.json().string("id")))
                }
                var totals = try await rollupTotal(client, token: token)
                #expect(totals["unpriced"] as? Int == 3, "provider 'acme' has no gpt-4o price either")

                _ = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "acme", "model": "in-house-llm", "rates": ["input_per_million": "0.5"],
                ], token: token)
                let start = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-7200))
                let end = ISO8601DateFormatter().string(from: Date())
                let repriced = try await client.send(.post, "/api/v1/usage/reprice", json: ["start_date": start, "end_date": end], token: token)
                #expect(repriced.status == .ok)
                let summary = try repriced.json()
                #expect(summary["events"] as? Int == 3 && summary["newly_priced"] as? Int == 2 && summary["still_unpriced"] as? Int == 1)
                #expect(summary["after_usd"] as? String == "1.000000000")

                totals = try await rollupTotal(client, token: token)
                #expect(totals["cost_nanos"] as? Int == (try await rawTotal(database)))
                #expect(totals["unpriced"] as? Int == 1)
                #expect(totals["requests"] as? Int == 3)

                #expect(try await client.send(.delete, "/api/v1/usage/\(ids[0])", token: token).status == .noContent)
                #expect(try await client.send(.delete, "/api/v1/usage/\(ids[0])", token: token).status == .notFound)
                totals = try await rollupTotal(client, token: token)
                #expect(totals["cost_nanos"] as? Int == 500_000_000)
                #expect(totals["cost_nanos"] as? Int == (try await rawTotal(database)))
                #expect(totals["requests"] as? Int == 2)

                let audit = try await client.send(.get, "/api/v1/audit-log?action=usage.repriced", token: token)
                let entry = try #require((try audit.json()["data"] as? [[String: Any]])?.first)
                #expect((entry["details"] as? [String: Any])?["after_nanos"] as? Int == 1_000_000_000)
                let deletion = try await client.send(.get, "/api/v1/audit-log?action=usage.deleted", token: token)
                #expect((try deletion.json()["data"] as? [Any])?.count == 1)
            }
        }
    }
}
