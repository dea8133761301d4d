import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import PropertyBased
import Synchronization
import Testing

/// What the largest accepted amounts do to every later read, and what larger ones are told.
@Suite struct ExtremeValuesTests {
    static let hourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))

    static func ingest(_ client: some TestClientProtocol, token: String, body: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/usage", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body))
    }

    static func fields(of response: TestResponse) throws -> [String] {
        let details = try (response.json()["error"] as? [String: Any])?["details"] as? [String: Any]
        return (details?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test func countsPastTheirLimitsAndNumbersOfTheWrongKindAre422NamingTheField() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                // The request that once answered a negative cost and then crashed every CSV export.
                let overflow = try await Self.ingest(client, token: token, body: """
                    {"provider": "openai", "model": "gpt-4o", "timestamp": "\(Self.hourAgo)",
                     "usage": {"prompt_tokens": 9223372036854775807, "completion_tokens": 9223372036854775807}}
                    """)
                #expect(overflow.status == .unprocessableContent)
                #expect(try Self.fields(of: overflow) == ["usage.prompt_tokens", "usage.completion_tokens"])

                for (number, field) in [("1e30", "latency_ms"), ("86400001", "latency_ms"), ("-1", "latency_ms"), (#""fast""#, "latency_ms")] {
                    let response = try await Self.ingest(client, token: token, body: """
                        {"provider": "openai", "model": "gpt-4o", "latency_ms": \(number), "usage": {"prompt_tokens": 1}}
                        """)
                    #expect(response.status == .unprocessableContent, "\(number)")
                    #expect(try Self.fields(of: response) == [field], "\(number)")
                }
                let deep = try await Self.ingest(client, token: token, body: """
                    {"provider": "openai", "model": "gpt-4o", "usage": {"prompt_tokens": 99999999999999999999, "completion_tokens": 0.5}}
                    """)
                #expect(try Self.fields(of: deep) == ["usage.completion_tokens", "usage.prompt_tokens"])

                let batch = try await client.execute(
                    uri: "/api/v1/usage/batch", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: """
                        {"events": [{"provider": "openai", "model": "gpt-4o", "usage": {"prompt_tokens": 10}},
                                    {"provider": "openai", "model": "gpt-4o", "usage": {"prompt_tokens": 2.5}}]}
                        """))
                #expect(batch.status == .ok)
                let results = try #require(try batch.json()["results"] as? [[String: Any]])
                #expect(results.map { $0["status"] as? String } == ["accepted", "rejected"])
                let rejected = ((results[1]["error"] as? [String: Any])?["details"] as? [String: Any])?["fields"] as? [[String: Any]]
                #expect(rejected?.map { $0["field"] as? String } == ["usage.prompt_tokens"])
            }
        }
    }

    /// A number of any kind in a count field: 201 with the value stored as sent (milliseconds
    /// rounded to whole ones), or 422 naming that field; never 400, never 500.
    @Test func anyNumberInACountFieldIsStoredExactlyOrNamed() async throws {
        let digits = Gen.frequency(
            (weight: 3, gen: Gen.int64(in: 0...1_000_000).map { "\($0)" }),
            (weight: 2, gen: Gen.int64(in: (UsageLimits.maximumTokens - 3)...(UsageLimits.maximumTokens + 3)).map { "\($0)" }),
            (weight: 2, gen: Gen.int64(in: .min ... .max).map { "\($0)" }),
            (weight: 1, gen: Gen.int(in: 19...30).map { String(repeating: "9", count: $0) }),
            (weight: 1, gen: zip(Gen.int(in: 0...1000), Gen.int(in: 1...99)).map { "\($0).\($1)" }),
            (weight: 1, gen: Gen.int(in: 1...300).map { "1e\($0)" }))
        let field = Gen.element(of: ["prompt_tokens", "completion_tokens", "cached_tokens", "latency_ms"]).map { $0! }
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let statuses = Mutex<Set<Int>>([])
                await propertyCheck(count: 150, input: digits, field) { number, field in
                    var usage = #""prompt_tokens": 10, "completion_tokens": 10"#
                    var top = ""
                    switch field {
                    case "latency_ms": top = #", "latency_ms": \#(number)"#
                    case "cached_tokens": usage = #""prompt_tokens": 10000000000, "cached_tokens": \#(number)"#
                    case "prompt_tokens": usage = #""prompt_tokens": \#(number)"#
                    default: usage = #""prompt_tokens": 10, "completion_tokens": \#(number)"#
                    }
                    let response = try await Self.ingest(client, token: token, body: """
                        {"provider": "openai", "model": "gpt-4o", "timestamp": "\(Self.hourAgo)"\(top), "usage": {\(usage)}}
                        """)
                    statuses.withLock { _ = $0.insert(Int(response.status.code)) }
                    switch response.status {
                    case .created:
                        let value = try #require(Decimal(string: number), "\(number) was accepted")
                        if field == "latency_ms" {
                            let rounded = value.rounded()
                            let stored = try #require(try response.json()["latency_ms"] as? Int)
                            #expect(Decimal(stored) == rounded && stored <= UsageLimits.maximumMilliseconds, "\(number)")
                        } else {
                            #expect(value == value.rounded() && value >= 0 && value <= Decimal(UsageLimits.maximumTokens), "\(number)")
                        }
                    case .unprocessableContent:
                        let named = try Self.fields(of: response)
                        #expect(named.contains { $0 == field || $0 == "usage.\(field)" }, "\(number) in \(field): \(named)")
                    default:
                        Issue.record("\(number) in \(field) answered \(response.status)")
                    }
                }
                #expect(statuses.withLock { $0 } == [201, 422], "both outcomes are exercised")
            }
        }
    }

    @Test func theLargestAcceptedRecordReadsBackThroughEveryPath() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                // $16 per million for every bucket: the maximum tokens cost 4 × 10¹⁰ × 16 × 1000
                // = 6.4 × 10¹⁴ nano-USD, inside the per-record maximum.
                let price = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "anthropic", "model": "whale", "effective_from": "2020-01-01T00:00:00Z",
                    "rates": ["input_per_million": "16", "output_per_million": "16", "cache_read_per_million": "16",
                              "cache_write_5m_per_million": "16", "cache_write_1h_per_million": "16"],
                ], token: token)
                #expect(price.status == .created)
                let max = UsageLimits.maximumTokens
                let created = try await Self.ingest(client, token: token, body: """
                    {"provider": "anthropic", "model": "whale", "timestamp": "\(Self.hourAgo)", "latency_ms": 86400000,
                     "time_to_first_token_ms": 86400000, "reported_cost_usd": "1000000",
                     "usage": {"input_tokens": \(max), "output_tokens": \(max), "reasoning_tokens": \(max / 2),
                               "cache_read_input_tokens": \(max), "cache_creation_input_tokens": \(max),
                               "cache_creation_1h_input_tokens": \(max / 2), "images": 10000000, "audio_seconds": 10000000,
                               "requests": 10000000}}
                    """)
                #expect(created.status == .created)
                let id = try #require(try created.json().string("id"))
                let totalTokens = 4 * max
                let cost: Int64 = 4 * max * 16 * 1000

                for path in ["/api/v1/usage/\(id)", "/api/v1/costs/\(id)", "/api/v1/usage", "/api/v1/costs", "/api/v1/logs"] {
                    let response = try await client.send(.get, path, token: token)
                    #expect(response.status == .ok, "\(path)")
                    #expect(String(buffer: response.body).contains("640000"), "\(path): the cost, in nano-USD or USD")
                }
                for path in ["/api/v1/logs?format=csv", "/api/v1/usage?format=csv"] {
                    let csv = try await client.send(.get, path, token: token)
                    #expect(csv.status == .ok, "\(path)")
                    #expect(String(buffer: csv.body).contains("\(totalTokens)"), "\(path): the token total of the line")
                }
                for step in ["queued", "folded"] {
                    if step == "folded" {
                        // The application's own job may have folded them already.
                        let (failures, queued) = try await database.withDatabase { pool async throws in
                            let report = try await UsageRollupFolder(database: pool).foldQueuedDeltas()
                            return (report.failures.count, try await pool.first("SELECT count(*) FROM usage_rollup_queue", as: Int.self))
                        }
                        #expect(failures == 0 && queued == 0)
                    }
                    for query in ["group_by=model", "group_by=model,project", "group_by=user", "model=whale"] {
                        let aggregate = try await client.send(.get, "/api/v1/costs/aggregate?\(query)", token: token)
                        #expect(aggregate.status == .ok, "\(step) \(query)")
                        let totals = try aggregate.json()["totals"] as? [String: Any]
                        #expect(totals?["cost_nanos"] as? Int == Int(cost), "\(step) \(query)")
                        #expect(totals?["input_tokens"] as? Int == Int(3 * max), "\(step) \(query)")
                    }
                    let trend = try await client.send(.get, "/api/v1/costs/trends?granularity=day", token: token)
                    #expect(trend.status == .ok)
                    let buckets = try #require(try trend.json()["trends"] as? [[String: Any]])
                    #expect(buckets.reduce(0) { $0 + ($1["cost_nanos"] as? Int ?? 0) } == Int(cost), "\(step)")
                    let stats = try await client.send(.get, "/api/v1/usage/stats", token: token)
                    #expect(stats.status == .ok)
                    #expect((try stats.json()["totals"] as? [String: Any])?["cost_nanos"] as? Int == Int(cost), "\(step)")
                }
            }
        }
    }

    /// Ten thousand records of the per-record maximum pass 64 bits in one rollup row: that
    /// organization's deltas stay queued and its totals answer 400; another organization's
    /// rollups go on.
    @Test func anOrganizationWhoseSumsPass64BitsHoldsBackOnlyItself() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let whale = try #require(try await client.registerOwner().string("access_token"))
                let other = try #require(try await client.registerOwner().string("access_token"))
                let price = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "openai", "model": "whale", "effective_from": "2020-01-01T00:00:00Z",
                    "rates": ["input_per_million": "100"],
                ], token: whale)
                #expect(price.status == .created)
                let record = #"{"provider": "openai", "model": "whale", "timestamp": "\#(Self.hourAgo)", "usage": {"prompt_tokens": 10000000000}}"#
                let batch = try await client.execute(
                    uri: "/api/v1/usage/batch", method: .post,
                    headers: [.authorization: "Bearer \(whale)", .contentType: "application/json"],
                    body: ByteBuffer(string: #"{"events": [\#(Array(repeating: record, count: 9300).joined(separator: ","))]}"#))
                #expect(try batch.json()["accepted"] as? Int == 9300)
                let small = try await client.send(.post, "/api/v1/usage", json: [
                    "provider": "openai", "model": "gpt-4o", "timestamp": Self.hourAgo, "usage": ["prompt_tokens": 1000],
                ], token: other)
                #expect(small.status == .created)

                let queued = try await database.withDatabase { pool async throws in
                    // The app's own fold job may hold the whale's rows at that moment (a fold skips
                    // rows another holds), so a round that met no failure is run again.
                    var report = try await UsageRollupFolder(database: pool).foldQueuedDeltas()
                    for _ in 0..<20 where report.failures.isEmpty {
                        try await Task.sleep(for: .milliseconds(250))
                        report = try await UsageRollupFolder(database: pool).foldQueuedDeltas()
                    }
                    let left = try await pool.first("SELECT count(DISTINCT org_id) FROM usage_rollup_queue", as: Int.self)
                    return (report.failures.count, left)
                }
                #expect(queued.0 == 1 && queued.1 == 1, "only the whale's deltas stay queued")
                let theirs = try await client.send(.get, "/api/v1/costs/aggregate?group_by=model", token: other)
                #expect((try theirs.json()["totals"] as? [String: Any])?["cost_nanos"] as? Int == 2_500_000)
                let mine = try await client.send(.get, "/api/v1/costs/aggregate", token: whale)
                #expect(mine.status == .badRequest)
                #expect(try mine.errorCode() == "RESULT_OUT_OF_RANGE")
                let export = try await client.send(.get, "/api/v1/logs?format=csv", token: whale)
                #expect(export.status == .ok)
                #expect(String(buffer: export.body).split(whereSeparator: \.isNewline).count == 9301, "a header and every record")
            }
        }
    }
}

/// Budgets at the ends of their ranges, read back after the largest spends ingest accepts.
@Suite struct BudgetExtremesTests {
    @Test func theLargestSpendsAgainstTheSmallestAndLargestLimitsReadBackExactly() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let smallest = try await client.send(.post, "/api/v1/budgets", json: ["name": "one nano", "limit_usd": "0.000000001"], token: token)
                let largest = try await client.send(.post, "/api/v1/budgets", json: ["name": "largest", "limit_usd": "9000000000"], token: token)
                #expect(smallest.status == .created && largest.status == .created)
                let tooLarge = try await client.send(.post, "/api/v1/budgets", json: ["name": "more", "limit_usd": "9000000000.000000001"], token: token)
                #expect(tooLarge.status == .unprocessableContent)
                // Twenty records of ten billion output tokens of gpt-4o (100,000 USD each): two
                // million USD against one nano-USD is a percentage past 64 bits of hundredths.
                let record: [String: Any] = [
                    "provider": "openai", "model": "gpt-4o", "prompt_tokens": 0, "completion_tokens": UsageLimits.maximumTokens,
                ]
                let batch = try await client.send(.post, "/api/v1/usage/batch", json: ["events": Array(repeating: record, count: 20)], token: token)
                #expect(batch.status == .ok)
                for (budget, state) in [(smallest, "exceeded"), (largest, "ok")] {
                    let id = try #require(try budget.json().string("id"))
                    let status = try await client.send(.get, "/api/v1/budgets/\(id)/status", token: token)
                    #expect(status.status == .ok)
                    let body = try status.json()
                    #expect(body["spent_usd"] as? String == "2000000.000000000")
                    #expect(body["state"] as? String == state)
                }
                let largestStatus = try await client.send(
                    .get, "/api/v1/budgets/\(try #require(try largest.json().string("id")))/status", token: token).json()
                #expect(largestStatus["percent"] as? String == "0.02")
                #expect(largestStatus["remaining_usd"] as? String == "8998000000.000000000")
                let check = try await client.send(.post, "/api/v1/budgets/check", json: ["amount_usd": "9000000000"], token: token)
                #expect(check.status == .ok)
                #expect(try await client.send(.get, "/api/v1/budgets", token: token).status == .ok)
            }
        }
    }
}
