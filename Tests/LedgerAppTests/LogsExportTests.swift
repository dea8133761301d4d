import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerTestSupport
import NIOCore
import Testing

@Suite struct LogsExportTests {
    @Test func logsPageSortAndExportAsCSV() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                for (index, endpoint) in ["chat, assistant", "say \"hi\"", "plain"].enumerated() {
                    let created = try await client.send(.post, "/api/v1/usage", json: [
                        "provider": "openai", "model": "gpt-4o", "endpoint": endpoint, "latency_ms": 100 * (index + 1),
                        "timestamp": ISO8601DateFormatter().string(from: Date().addingTimeInterval(Double(-60 * (index + 1)))),
                        "usage": ["prompt_tokens": 100, "completion_tokens": 50],
                    ], token: token)
                    #expect(created.status == .created)
                }
                let page = try await client.send(.get, "/api/v1/logs?per_page=2&page=2&sort_by=latency_ms&sort_desc=false", token: token)
                #expect(page.status == .ok)
                let body = try page.json()
                let pagination = try #require(body["pagination"] as? [String: Any])
                #expect(pagination["total_items"] as? Int == 3 && pagination["total_pages"] as? Int == 2)
                let logs = try #require(body["logs"] as? [[String: Any]])
                #expect(logs.count == 1 && logs[0]["latency_ms"] as? Int == 300)
                #expect(logs[0]["prompt_tokens"] as? Int == 100 && logs[0]["total_tokens"] as? Int == 150)
                #expect(try await client.send(.get, "/api/v1/logs?per_page=101", token: token).errorCode() == "INVALID_PAGE")
                #expect(try await client.send(.get, "/api/v1/logs?sort_by=color", token: token).errorCode() == "INVALID_SORT")

                let numbered = try await client.send(.get, "/api/v1/usage?page=2&per_page=2", token: token).json()
                #expect((numbered["data"] as? [[String: Any]])?.map { $0["endpoint"] as? String } == ["plain"], "oldest last")
                #expect((numbered["pagination"] as? [String: Any])?["total_items"] as? Int == 3)
                #expect(numbered["next_cursor"] == nil)
                let costs = try await client.send(.get, "/api/v1/costs?per_page=1", token: token).json()
                #expect((costs["data"] as? [[String: Any]])?.count == 1)
                #expect((costs["pagination"] as? [String: Any])?["total_pages"] as? Int == 3)
                #expect(try await client.send(.get, "/api/v1/usage?per_page=101", token: token).errorCode() == "INVALID_PAGE")
                #expect(try await client.send(.get, "/api/v1/costs?page=0", token: token).errorCode() == "INVALID_PAGE")
                #expect(try await client.send(.get, "/api/v1/usage?page=1&cursor=abc", token: token).errorCode() == "INVALID_PAGE")

                let csv = try await client.send(.get, "/api/v1/logs?format=csv&sort_by=timestamp", token: token)
                #expect(csv.status == .ok)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csv.headers[.contentDisposition]?.contains("attachment; filename=\"token_logs_") == true)
                let lines = String(buffer: csv.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(lines.first == "timestamp,model,endpoint,prompt_tokens,completion_tokens,total_tokens,input_cost,output_cost,total_cost,latency_ms,api_provider")
                #expect(lines.count == 4)
                #expect(lines.contains { $0.contains(#""chat, assistant",100,50,150,0.000250,0.000500,0.000750,100,"openai""#) })
                #expect(lines.contains { $0.contains(#""say ""hi""""#) }, "quotes are doubled")
                let usageCSV = try await client.send(.get, "/api/v1/usage?format=csv", token: token)
                #expect(String(buffer: usageCSV.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)
            }
        }
    }
}
