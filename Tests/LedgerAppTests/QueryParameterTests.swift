import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerTestSupport
import Testing

/// Query parameters are declared once per endpoint: what is not declared is refused, so a
/// mistyped filter cannot silently widen a read.
@Suite struct QueryParameterTests {
    @Test func unknownParametersAreRefusedByName() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                for (uri, name) in [
                    ("/api/v1/usage?start_time=2026-01-01", "start_time"), ("/api/v1/costs/aggregate?project_id=web", "project_id"),
                    // Other products' names are declared only where their calls are answered.
                    ("/api/v1/usage?projectId=web", "projectId"),
                    ("/api/v1/api-keys?limit=5&offset=10", "offset"), ("/api/v1/logs?model=a&sort=model", "sort"),
                ] {
                    let response = try await client.send(.get, uri, token: token)
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(try response.errorCode() == "UNKNOWN_PARAMETER", "\(uri)")
                    #expect(try response.json().string("error.details.parameter") == name, "\(uri)")
                }
            }
        }
    }

    @Test func declaredParametersParseInEitherRepeatSpelling() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                for model in ["gpt-4o", "gpt-4o-mini"] {
                    let created = try await client.send(.post, "/api/v1/usage", json: [
                        "provider": "openai", "model": model, "usage": ["prompt_tokens": 10, "completion_tokens": 5],
                    ], token: token)
                    #expect(created.status == .created)
                }
                for query in ["model=gpt-4o&model=gpt-4o-mini", "model[]=gpt-4o&model[]=gpt-4o-mini", "model=gpt-4o&model[]=gpt-4o-mini"] {
                    let listed = try await client.send(.get, "/api/v1/usage?\(query)", token: token).json()
                    #expect((listed["data"] as? [[String: Any]])?.count == 2, "\(query)")
                }
                let one = try await client.send(.get, "/api/v1/usage?model=gpt-4o", token: token).json()
                #expect((one["data"] as? [[String: Any]])?.count == 1)
                let badKey = try await client.send(.get, "/api/v1/usage?api_key=not-an-id", token: token)
                #expect(badKey.status == .badRequest)
                #expect(try badKey.json().string("error.message") == "api_key must be ids")
                let grouped = try await client.send(.get, "/api/v1/costs/aggregate?group_by=model,status", token: token).json()
                #expect(grouped["group_by"] as? [String] == ["model", "status"])
            }
        }
    }
}
