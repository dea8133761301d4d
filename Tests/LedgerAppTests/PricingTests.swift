import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite struct PricingEndpointTests {
    func quote(_ client: any TestClientProtocol, token: String, model: String, usage: [String: Any], extra: [String: Any] = [:])
        async throws -> TestResponse
    {
        try await client.send(.post, "/api/v1/pricing/quote", json: ["model": model, "usage": usage].merging(extra) { $1 }, token: token)
    }

    @Test func theShippedCatalogPricesCachedAndDatedVariantsExactly() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                // gpt-4o in the shipped catalog: $2.50 input, $1.25 cached, $10 output per million.
                let response = try await quote(client, token: token, model: "openai/gpt-4o", usage: [
                    "prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500, "cached_tokens": 1000,
                ])
                #expect(response.status == .ok)
                let body = try response.json()
                let cost = try #require(body["cost"] as? [String: Any])
                #expect(cost["input_uncached_nanos"] as? Int == 500_000)  // 200 × $2.50/M
                #expect(cost["cache_read_nanos"] as? Int == 1_250_000)  // 1000 × $1.25/M
                #expect(cost["output_nanos"] as? Int == 3_000_000)  // 300 × $10/M
                #expect(cost["total_usd"] as? String == "0.004750000")
                let dated = try await quote(client, token: token, model: "claude-sonnet-4-6-20260301", usage: ["input_tokens": 10, "output_tokens": 10])
                #expect(dated.status == .ok)
                let unknown = try await quote(client, token: token, model: "no-such-model", usage: ["input_tokens": 1])
                #expect(unknown.status == .notFound)
                let inconsistent = try await quote(client, token: token, model: "gpt-4o", usage: ["prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 3])
                #expect(inconsistent.status == .unprocessableContent)
                #expect(try inconsistent.json().string("error.message")?.contains("total_tokens") == true)
            }
        }
    }

    /// The cost of a fresh gpt-4o ingest of a million input tokens.
    func ingestedCost(_ client: any TestClientProtocol, token: String) async throws -> Int? {
        let response = try await client.send(.post, "/api/v1/usage", json: [
            "provider": "openai", "model": "gpt-4o", "usage": ["prompt_tokens": 1_000_000, "completion_tokens": 0],
        ], token: token)
        #expect(response.status == .created)
        return (try response.json()["cost"] as? [String: Any])?["total_nanos"] as? Int
    }

    func createPrice(_ client: any TestClientProtocol, token: String, inputPerMillion: String) async throws -> String? {
        let created = try await client.send(.post, "/api/v1/pricing", json: [
            "provider": "openai", "model": "gpt-4o", "effective_from": "2020-01-01T00:00:00Z",
            "rates": ["input_per_million": inputPerMillion, "output_per_million": "4"],
        ], token: token)
        #expect(created.status == .created)
        return try created.json().string("id")
    }

    /// Ingest keeps the prices it read; a price written on this replica is used by the very
    /// next ingest, and changed or deleted, likewise.
    @Test func ingestPricesWithAPriceTheMomentItIsWritten() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                #expect(try await ingestedCost(client, token: token) == 2_500_000_000, "the catalog's $2.50")
                #expect(try await ingestedCost(client, token: token) == 2_500_000_000)
                let id = try #require(try await createPrice(client, token: token, inputPerMillion: "1"))
                #expect(try await ingestedCost(client, token: token) == 1_000_000_000, "the organization's $1")
                let changed = try await client.send(.put, "/api/v1/pricing/\(id)", json: [
                    "provider": "openai", "model": "gpt-4o", "effective_from": "2020-01-01T00:00:00Z",
                    "rates": ["input_per_million": "2", "output_per_million": "4"],
                ], token: token)
                #expect(changed.status == .ok)
                #expect(try await ingestedCost(client, token: token) == 2_000_000_000)
                #expect(try await client.send(.delete, "/api/v1/pricing/\(id)", token: token).status == .noContent)
                #expect(try await ingestedCost(client, token: token) == 2_500_000_000, "back to the catalog")
            }
        }
    }

    /// A price written elsewhere (another replica, or the catalog import of the CLI, straight
    /// into the database) reaches this replica's ingest within a second.
    @Test func aPriceWrittenElsewhereReachesThisReplicaWithinASecond() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { replicaA async throws in
                let token = try #require(try await replicaA.registerOwner().string("access_token"))
                try await TestApp.withClient(on: database) { replicaB async throws in
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(try await ingestedCost(replicaB, token: token) == 2_500_000_000, "kept on B")
                    #expect(try await createPrice(replicaA, token: token, inputPerMillion: "1") != nil)
                    try await Task.sleep(for: .seconds(1))
                    #expect(try await ingestedCost(replicaB, token: token) == 1_000_000_000)
                    try await database.withDatabase { pool async throws in
                        try await pool.execute("UPDATE price_definitions SET input_per_million = 3 WHERE org_id IS NOT NULL")
                    }
                    try await Task.sleep(for: .seconds(1))
                    #expect(try await ingestedCost(replicaB, token: token) == 3_000_000_000)
                }
            }
        }
    }

    @Test func anOrganizationPriceWinsAndOnlyWithinItsValidity() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let created = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "openai", "model": "gpt-4o", "effective_from": "2026-01-01T00:00:00Z",
                    "effective_to": "2026-07-01T00:00:00Z", "rates": ["input_per_million": "1", "output_per_million": "4"],
                ], token: token)
                #expect(created.status == .created)
                #expect(try created.json().string("scope") == "organization")
                let usage: [String: Any] = ["prompt_tokens": 1_000_000, "completion_tokens": 0]
                let inside = try await quote(client, token: token, model: "gpt-4o", usage: usage, extra: ["at": "2026-03-01T00:00:00Z"])
                #expect(try (inside.json()["cost"] as? [String: Any])?["total_nanos"] as? Int == 1_000_000_000)
                let after = try await quote(client, token: token, model: "gpt-4o", usage: usage, extra: ["at": "2026-08-01T00:00:00Z"])
                #expect(try (after.json()["cost"] as? [String: Any])?["total_nanos"] as? Int == 2_500_000_000, "back to the catalog")

                let globalID = try #require(try after.json().string("price_definition.id"))
                let editGlobal = try await client.send(.put, "/api/v1/pricing/\(globalID)", json: [
                    "provider": "openai", "model": "gpt-4o", "rates": ["input_per_million": "0"],
                ], token: token)
                #expect(editGlobal.status == .notFound, "global prices are read-only to organizations")
                let bad = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "openai", "model": "x", "rates": ["input_per_million": "-1"],
                ], token: token)
                #expect(bad.status == .unprocessableContent)
                let list = try await client.send(.get, "/api/v1/pricing?model=gpt-4o", token: token)
                #expect((try list.json()["data"] as? [Any])?.count == 2)
            }
        }
    }

    /// LLM Cost Ops' pricing models: a price per request that includes tokens, an overage rate
    /// beyond them, and a cheaper tier chosen by all the request's tokens.
    @Test func perRequestPricesWithIncludedTokensAndTotalTokenTiers() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let created = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "acme", "model": "plan-llm", "effective_from": "2020-01-01T00:00:00Z",
                    "rates": ["per_request": "0.01", "included_tokens": 1000, "overage_per_million": "4"],
                    "tiers": [["name": "volume", "total_tokens_above": 100_000,
                               "rates": ["per_request": "0.05", "overage_per_million": "2"]]],
                ], token: token)
                #expect(created.status == .created, "\(String(buffer: created.body))")
                #expect((try created.json()["rates"] as? [String: Any])?["included_tokens"] as? Int == 1000)

                func cost(_ usage: [String: Any]) async throws -> [String: Any] {
                    let quoted = try await quote(client, token: token, model: "plan-llm", usage: usage, extra: ["provider": "acme"])
                    return try #require(try quoted.json()["cost"] as? [String: Any])
                }
                let within = try await cost(["prompt_tokens": 600, "completion_tokens": 400])
                #expect(within["requests_nanos"] as? Int == 10_000_000 && within["overage_nanos"] as? Int == 0)
                // 1,500 tokens, 1,000 included: 500 × $4/M = $0.002 on top of $0.01.
                let over = try await cost(["prompt_tokens": 1000, "completion_tokens": 500])
                #expect(over["overage_nanos"] as? Int == 2_000_000 && over["total_nanos"] as? Int == 12_000_000)
                // Two requests include 2,000 tokens.
                let two = try await cost(["prompt_tokens": 1000, "completion_tokens": 500, "requests": 2])
                #expect(two["overage_nanos"] as? Int == 0 && two["total_nanos"] as? Int == 20_000_000)
                // 150,000 tokens: the volume tier, whose included tokens stay the base's.
                let volume = try await cost(["prompt_tokens": 100_000, "completion_tokens": 50_000])
                #expect(volume["tier"] as? String == "volume")
                #expect(volume["total_nanos"] as? Int == 50_000_000 + 149_000 * 2_000)

                let ingested = try await client.send(.post, "/api/v1/usage", json: [
                    "provider": "acme", "model": "plan-llm", "usage": ["prompt_tokens": 1000, "completion_tokens": 500],
                ], token: token)
                #expect(try (ingested.json()["cost"] as? [String: Any])?["total_nanos"] as? Int == 12_000_000)
                let id = try #require(try ingested.json().string("id"))
                let stored = try await client.send(.get, "/api/v1/costs/\(id)", token: token)
                #expect(try (stored.json()["cost"] as? [String: Any])?["overage_nanos"] as? Int == 2_000_000, "stored and read back")

                let bad = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "acme", "model": "x", "rates": ["per_request": "1", "included_tokens": -5],
                ], token: token)
                #expect(bad.status == .unprocessableContent)
            }
        }
    }
}
