import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerServices
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite struct CostAnalyticsTests {
    static func call(model: String, at time: String, status: String = "success") -> [String: Any] {
        ["provider": model.hasPrefix("claude") ? "anthropic" : "openai", "model": model, "timestamp": time, "status": status,
         "error_type": status == "error" ? "rate_limit" : nil as String?, "latency_ms": 1000,
         "usage": ["prompt_tokens": 1000, "completion_tokens": 100]].compactMapValues { $0 }
    }

    @Test func rollupTotalsEqualRawTotalsBeforeAndAfterFolding() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let day = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-2 * 86400)).prefix(10)
                let batch = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [
                    Self.call(model: "gpt-4o", at: "\(day)T01:00:00Z"), Self.call(model: "gpt-4o", at: "\(day)T05:30:00Z"),
                    Self.call(model: "claude-sonnet-4-6", at: "\(day)T05:45:00Z", status: "error"),
                    Self.call(model: "mystery-model", at: "\(day)T06:00:00Z"),
                ]], token: token)
                #expect(try batch.json()["accepted"] as? Int == 4)

                let raw = try await database.withDatabase { pool async throws in
                    try await pool.first("SELECT sum(cost_total)::bigint FROM usage_events", as: Int.self)
                }
                let range = "start_date=\(day)T00:00:00Z&end_date=\(day)T23:59:59Z"
                let aggregate = try await client.send(.get, "/api/v1/costs/aggregate?group_by=model&\(range)", token: token)
                #expect(aggregate.status == .ok)
                let body = try aggregate.json()
                let totals = try #require(body["totals"] as? [String: Any])
                #expect(totals["cost_nanos"] as? Int == raw)
                #expect(totals["requests"] as? Int == 4 && totals["errors"] as? Int == 1 && totals["unpriced"] as? Int == 1)
                let groups = try #require(body["groups"] as? [[String: Any]])
                #expect(groups.count == 3)
                #expect((groups.first?["group"] as? [String: String])?["model"] == "gpt-4o", "largest cost first (2 × $0.0035)")
                #expect(groups.first?["cost_nanos"] as? Int == 7_000_000)

                let folded = try await database.withDatabase { pool async throws in
                    _ = try await UsageRollupFolder(database: pool).foldQueuedDeltas()
                    return try await pool.first("SELECT count(*) FROM usage_rollup_queue", as: Int.self)
                }
                #expect(folded == 0)
                let after = try await client.send(.get, "/api/v1/costs/aggregate?\(range)", token: token)
                #expect((try after.json()["totals"] as? [String: Any])?["cost_nanos"] as? Int == raw)

                // The per-dimension rollup (one group_by, no filter) and the full one (two group_by)
                // agree with the raw events after a delete: queued, folded, and rebuilt from scratch.
                let id = try #require(try await client.send(.get, "/api/v1/usage?model=gpt-4o&limit=1", token: token)
                    .json()["data"].flatMap { ($0 as? [[String: Any]])?.first?["id"] as? String })
                #expect(try await client.send(.delete, "/api/v1/usage/\(id)", token: token).status == .noContent)
                // Windows of part of a day (hourly rollups), whole days (daily) and both.
                let dayStart = try #require(ISO8601DateFormatter().date(from: "\(day)T00:00:00Z"))
                let windows = [
                    range, "start_date=\(dayStart.addingTimeInterval(-86400).formatted(.iso8601))&end_date=\(dayStart.addingTimeInterval(86400).formatted(.iso8601))",
                    "start_date=\(dayStart.addingTimeInterval(-43200).formatted(.iso8601))&end_date=\(dayStart.addingTimeInterval(129600).formatted(.iso8601))",
                ]
                let org = try #require(try await client.send(.get, "/api/v1/organization", token: token).json().string("id"))
                for step in ["queued", "folded", "rebuilt from the events"] {
                    let remaining = try await database.withDatabase { pool async throws in
                        if step == "folded" { _ = try await UsageRollupFolder(database: pool).foldQueuedDeltas() }
                        if step == "rebuilt from the events" {
                            try await pool.execute("SELECT usage_rollups_rebuild(\(UUID(uuidString: org)!))")
                        }
                        return try await pool.first("SELECT sum(cost_total)::bigint FROM usage_events", as: Int.self)
                    }
                    for grouping in ["model", "model,project", "status"] {
                        for window in windows {
                            let body = try await client.send(
                                .get, "/api/v1/costs/aggregate?group_by=\(grouping)&\(window)", token: token).json()
                            let groups = try #require(body["groups"] as? [[String: Any]])
                            #expect(groups.reduce(0) { $0 + ($1["cost_nanos"] as? Int ?? 0) } == remaining, "\(grouping) \(window) \(step)")
                            #expect(groups.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == 3, "\(grouping) \(window) \(step)")
                        }
                    }
                }
            }
        }
    }

    @Test func trendsHaveEveryBucketInTheOrganizationsTimeZone() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let day = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3 * 86400)).prefix(10)
                _ = try await client.send(.post, "/api/v1/usage", json: Self.call(model: "gpt-4o", at: "\(day)T12:00:00Z"), token: token)
                let start = "\(day)T00:00:00Z"
                let end = ISO8601DateFormatter().string(from: ISO8601DateFormatter().date(from: start)!.addingTimeInterval(3 * 86400))
                let trend = try await client.send(.get, "/api/v1/costs/trends?granularity=day&start_date=\(start)&end_date=\(end)", token: token)
                #expect(trend.status == .ok)
                let buckets = try #require(try trend.json()["trends"] as? [[String: Any]])
                #expect(buckets.count == 3)
                #expect(buckets.map { $0["request_count"] as? Int } == [1, 0, 0])
                #expect(buckets[0]["total_cost"] as? String == "0.003500")
                let bad = try await client.send(.get, "/api/v1/costs/trends?granularity=fortnight", token: token)
                #expect(try bad.errorCode() == "INVALID_GRANULARITY")
                let badGroup = try await client.send(.get, "/api/v1/costs/aggregate?group_by=color", token: token)
                #expect(try badGroup.errorCode() == "INVALID_PARAMETERS")
            }
        }
    }

    @Test func aggregatesGroupAndFilterByEndUserAndStatusWithLatencyPercentiles() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let day = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-2 * 86400)).prefix(10)
                func call(_ user: String, latency: Int, status: String = "success") -> [String: Any] {
                    var call = Self.call(model: "gpt-4o", at: "\(day)T03:00:00Z", status: status)
                    call["user"] = user
                    call["latency_ms"] = latency
                    return call
                }
                let events = [call("alice", latency: 100), call("alice", latency: 200), call("alice", latency: 5000),
                              call("bob", latency: 40, status: "error")]
                _ = try await client.send(.post, "/api/v1/usage/batch", json: ["events": events], token: token)
                let range = "start_date=\(day)T00:00:00Z&end_date=\(day)T23:59:59Z"

                let byUser = try #require(
                    try await client.send(.get, "/api/v1/costs/aggregate?group_by=user&\(range)", token: token).json()["groups"]
                        as? [[String: Any]])
                let alice = try #require(byUser.first { ($0["group"] as? [String: String])?["user"] == "alice" })
                #expect(alice["requests"] as? Int == 3)
                // 100 ms, 200 ms and 5 s fall in the (50, 100], (100, 200] and (3000, 5000] buckets.
                #expect(alice["latency_p50_ms"] as? Double == 150)
                #expect(alice["latency_p99_ms"] as? Double == 4940)
                #expect(alice["average_latency_ms"] as? Double == 1766.6666666666667)

                let errors = try await client.send(.get, "/api/v1/costs/aggregate?status=error&group_by=user&\(range)", token: token)
                let errorGroups = try #require(try errors.json()["groups"] as? [[String: Any]])
                #expect(errorGroups.map { ($0["group"] as? [String: String])?["user"] } == ["bob"])
                let byStatus = try #require(
                    try await client.send(.get, "/api/v1/costs/aggregate?group_by=status&\(range)", token: token).json()["groups"]
                        as? [[String: Any]])
                #expect(Set(byStatus.map { "\(($0["group"] as? [String: String])?["status"] ?? "")=\($0["requests"] as? Int ?? 0)" })
                    == ["success=3", "error=1"])
            }
        }
    }

    @Test func analyticsSumTheReportedCostWhenTheOrganizationChoosesIt() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let day = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-2 * 86400)).prefix(10)
                var reported = Self.call(model: "gpt-4o", at: "\(day)T03:00:00Z")
                reported["reported_cost_usd"] = "0.01"
                let unreported = Self.call(model: "gpt-4o", at: "\(day)T04:00:00Z")
                _ = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [reported, unreported]], token: token)
                let range = "start_date=\(day)T00:00:00Z&end_date=\(day)T23:59:59Z"
                func totals() async throws -> (source: String?, nanos: Int?, trend: Int?) {
                    let body = try await client.send(.get, "/api/v1/costs/aggregate?\(range)", token: token).json()
                    let trend = try await client.send(.get, "/api/v1/costs/trends?granularity=day&\(range)", token: token).json()
                    return (body["cost_source"] as? String, (body["totals"] as? [String: Any])?["cost_nanos"] as? Int,
                            (trend["trends"] as? [[String: Any]])?.first?["cost_nanos"] as? Int)
                }
                let computed = try await totals()
                #expect(computed.source == "computed" && computed.nanos == 7_000_000 && computed.trend == 7_000_000)

                let viewer = try await client.send(.get, "/api/v1/organization", token: token)
                #expect(try viewer.json().string("settings.cost_source") == nil)
                let changed = try await client.send(.patch, "/api/v1/organization", json: ["settings": ["cost_source": "reported"]], token: token)
                #expect(try changed.json().string("settings.cost_source") == "reported")
                let invalid = try await client.send(.patch, "/api/v1/organization", json: ["settings": ["cost_source": "guess"]], token: token)
                #expect(invalid.status == .unprocessableContent)
                let chosen = try await totals()
                #expect(chosen.source == "reported" && chosen.nanos == 13_500_000 && chosen.trend == 13_500_000)

                let reset = try await client.send(.patch, "/api/v1/organization", json: ["settings": ["cost_source": NSNull()]], token: token)
                #expect(try reset.json().string("settings.cost_source") == nil)
            }
        }
    }
}
