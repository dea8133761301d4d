import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerTestSupport
import NIOCore
import Testing

@Suite struct MetricsTests {
    @Test func requestsIngestAndJobsShowUpByRouteTemplateAndBoundedLabels() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let event: [String: Any] = ["provider": "openai", "model": "gpt-4o", "prompt_tokens": 1000, "completion_tokens": 100]
                #expect(try await client.send(.post, "/api/v1/usage", json: event, token: token).status == .created)
                _ = try await client.send(.get, "/api/v1/budgets/\(UUID())", token: token)
                _ = try await client.send(.get, "/nowhere")
                let scrape = try await client.send(.get, "/metrics")
                #expect(scrape.status == .ok)
                #expect(scrape.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: scrape.body)
                #expect(text.contains(#"tokenledger_http_requests_total{method="GET",route="/api/v1/budgets/{id}",status="4xx"} 1"#))
                #expect(text.contains(#"tokenledger_http_requests_total{method="GET",route="unmatched",status="4xx"} 1"#))
                #expect(text.contains(#"tokenledger_http_requests_total{method="POST",route="/api/v1/usage",status="2xx"} 1"#))
                #expect(text.contains(#"tokenledger_usage_events_total{provider="openai",model="gpt-4o"} 1"#))
                #expect(text.contains(#"tokenledger_usage_tokens_total{provider="openai",model="gpt-4o"} 1100"#))
                // gpt-4o: 1000 × 2.5 + 100 × 10 USD per million tokens = 0.0035 USD.
                #expect(text.contains(#"tokenledger_usage_cost_nanousd_total{provider="openai",model="gpt-4o"} 3500000"#))
                #expect(text.contains("tokenledger_ingest_commit_batch_size_count 1\n"))
                #expect(text.contains("# HELP tokenledger_http_request_duration_seconds"))
                #expect(text.contains(#"tokenledger_db_pool_connections{pool="tenant",state="in_use"}"#))
                #expect(text.contains("tokenledger_rollup_queue_rows "))
                #expect(text.contains(#"tokenledger_build_info{version=""#))
                #expect(!text.contains(token))
            }
        }
    }

    @Test func aMetricsTokenKeepsOthersOut() async throws {
        var config = TestApp.config()
        config.metrics.token = "scrape-secret"
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: config, on: database) { client async throws in
                #expect(try await client.send(.get, "/metrics").status == .unauthorized)
                #expect(try await client.send(.get, "/metrics", token: "wrong").status == .unauthorized)
                #expect(try await client.send(.get, "/metrics", token: "scrape-secret").status == .ok)
            }
        }
    }
}
