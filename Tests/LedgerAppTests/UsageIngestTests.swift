import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerStore
import LedgerTestSupport
import NIOCore
import PostgresNIO
import Testing

@Suite struct UsageIngestTests {
    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    /// An owner's token and an ingest key (usage:write, usage:read).
    func credentials(_ client: any TestClientProtocol) async throws -> (token: String, key: String, keyID: String) {
        let token = try #require(try await client.registerOwner().string("access_token"))
        let key = try await client.send(.post, "/api/v1/api-keys", json: ["name": "ingest", "permissions": ["usage:write", "usage:read"]], token: token)
        return (token, try #require(try key.json().string("secret")), try #require(try key.json().string("key.id")))
    }

    static var gpt4oCall: [String: Any] { [
        "provider": "openai", "model": "gpt-4o-2024-08-06", "endpoint": "chat-assistant", "project": "web",
        "usage": ["prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500, "cached_tokens": 1000],
        "latency_ms": 2100, "tags": ["beta"], "metadata": ["conversation": "c-1"],
    ] }

    @Test func anEventIsPricedAttributedAndReadable() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                let created = try await client.send(.post, "/api/v1/usage", json: Self.gpt4oCall, headers: [Self.apiKeyHeader: auth.key])
                #expect(created.status == .created)
                let body = try created.json()
                #expect(body["priced"] as? Bool == true)
                #expect(body.string("api_key_id") == auth.keyID)
                #expect((body["cost"] as? [String: Any])?["total_nanos"] as? Int == 4_750_000)
                let id = try #require(body.string("id"))
                let fetched = try await client.send(.get, "/api/v1/usage/\(id)", headers: [Self.apiKeyHeader: auth.key])
                #expect(try fetched.json().string("cost.total_usd") == "0.004750000")
                let listed = try await client.send(.get, "/api/v1/usage?model=gpt-4o-2024-08-06&provider[]=openai", token: auth.token)
                #expect((try listed.json()["data"] as? [Any])?.count == 1)
                let record = try await client.send(.get, "/api/v1/costs/\(id)", token: auth.token)
                #expect(try record.json().string("cost.price_definition_id") != nil)
                #expect((try record.json()["buckets"] as? [String: Any])?["cache_read"] as? Int == 1000)
                let none = try await client.send(.get, "/api/v1/usage?model=other", token: auth.token)
                #expect((try none.json()["data"] as? [Any])?.count == 0)
            }
        }
    }

    /// RFC 7240: `return=minimal` (among other preferences) answers the receipt and says so;
    /// anything else answers the whole event. A replay keeps its own header either way.
    @Test func preferReturnMinimalAnswersTheReceipt() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                let prefer = HTTPField.Name("Prefer")!
                let applied = HTTPField.Name("Preference-Applied")!
                let idempotency = HTTPField.Name("Idempotency-Key")!
                let short = try await client.send(
                    .post, "/api/v1/usage", json: Self.gpt4oCall,
                    headers: [Self.apiKeyHeader: auth.key, prefer: "respond-async, Return=Minimal", idempotency: "k-1"])
                #expect(short.status == .created)
                #expect(short.headers[applied] == "return=minimal")
                let receipt = try short.json()
                #expect(Set(receipt.keys) == ["id", "priced", "total_nanos", "total_usd"])
                #expect(receipt["total_nanos"] as? Int == 4_750_000)
                #expect(receipt.string("total_usd") == "0.004750000")
                let id = try #require(receipt.string("id"))
                let stored = try await client.send(.get, "/api/v1/usage/\(id)", headers: [Self.apiKeyHeader: auth.key])
                #expect(try stored.json().string("cost.total_usd") == "0.004750000")
                let replay = try await client.send(
                    .post, "/api/v1/usage", json: Self.gpt4oCall,
                    headers: [Self.apiKeyHeader: auth.key, prefer: "return=minimal", idempotency: "k-1"])
                #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try replay.json().string("id") == id)
                let whole = try await client.send(
                    .post, "/api/v1/usage", json: Self.gpt4oCall, headers: [Self.apiKeyHeader: auth.key, prefer: "return=representation"])
                #expect(whole.headers[applied] == nil)
                #expect(try whole.json()["buckets"] != nil)
            }
        }
    }

    @Test func anUnknownModelIsStoredUnpriced() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                var call = Self.gpt4oCall
                call["model"] = "in-house-llm-7b"
                let created = try await client.send(.post, "/api/v1/usage", json: call, headers: [Self.apiKeyHeader: auth.key])
                #expect(created.status == .created)
                #expect(try created.json()["priced"] as? Bool == false)
            }
        }
    }

    @Test func concurrentRetriesWithOneIdempotencyKeyStoreOneEvent() async throws {
        try await TestDatabase.with { database async throws in
            let ids = try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                return try await withThrowingTaskGroup(of: (String?, String?).self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            let response = try await client.send(
                                .post, "/api/v1/usage", json: Self.gpt4oCall,
                                headers: [Self.apiKeyHeader: auth.key, HTTPField.Name("Idempotency-Key")!: "retry-1"])
                            return (try response.json().string("id"), response.headers[HTTPField.Name("Idempotent-Replayed")!])
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            #expect(Set(ids.map(\.0)).count == 1)
            #expect(ids.filter { $0.1 == "true" }.count == 7)
            try await database.withDatabase { pool async throws in
                #expect(try await pool.first("SELECT count(*), sum(cost_total)::bigint FROM usage_events", as: (Int, Int).self).map { $0.0 } == 1)
            }
        }
    }

    /// The IETF Idempotency-Key draft: the same key with another body is 422, not the first answer.
    @Test func aKeyUsedAgainWithAnotherBodyIsRefused() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                let keyed: HTTPFields = [Self.apiKeyHeader: auth.key, HTTPField.Name("Idempotency-Key")!: "k-1"]
                let first = try await client.send(.post, "/api/v1/usage", json: Self.gpt4oCall, headers: keyed)
                #expect(first.status == .created)
                // The same record in another key order and spacing is the same request.
                let reordered = try await client.execute(
                    uri: "/api/v1/usage", method: .post, headers: keyed + [.contentType: "application/json"],
                    body: ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: Self.gpt4oCall, options: [.sortedKeys, .prettyPrinted]))))
                #expect(reordered.status == .created)
                #expect(reordered.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try reordered.json().string("id") == first.json().string("id"))

                var changed = Self.gpt4oCall
                changed["usage"] = ["prompt_tokens": 9, "completion_tokens": 1]
                let reused = try await client.send(.post, "/api/v1/usage", json: changed, headers: keyed)
                #expect(reused.status == .unprocessableContent)
                #expect(try reused.json().string("error.message")?.contains("Idempotency-Key") == true)

                // In a batch, a request_id is the key.
                var a = Self.gpt4oCall
                a["request_id"] = "req-1"
                var b = changed
                b["request_id"] = "req-1"
                let batch = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [a, a, b]], headers: [Self.apiKeyHeader: auth.key])
                let statuses = (try batch.json()["results"] as? [[String: Any]])?.map { $0["status"] as? String }
                #expect(statuses == ["accepted", "duplicate", "rejected"])
                let later = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [b]], headers: [Self.apiKeyHeader: auth.key])
                #expect((try later.json()["results"] as? [[String: Any]])?.first?["status"] as? String == "rejected")

                // A deleted event's key is taken over by the next write with it.
                let id = try #require(try first.json().string("id"))
                #expect(try await client.send(.delete, "/api/v1/usage/\(id)", token: auth.token).status == .noContent)
                let again = try await client.send(.post, "/api/v1/usage", json: changed, headers: keyed)
                #expect(again.status == .created && again.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
                let replay = try await client.send(.post, "/api/v1/usage", json: changed, headers: keyed)
                #expect(replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(try replay.json().string("id") == again.json().string("id"))
            }
        }
    }

    @Test func concurrentIngestsAreAllStoredAndABadOneFailsAlone() async throws {
        try await TestDatabase.with { database async throws in
            let statuses = try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                return try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
                    for index in 0..<24 {
                        group.addTask {
                            var call = Self.gpt4oCall
                            call["project"] = index == 7 ? "bad\u{0}project" : "p-\(index)"
                            let response = try await client.send(.post, "/api/v1/usage", json: call, headers: [Self.apiKeyHeader: auth.key])
                            return (index, response.status)
                        }
                    }
                    return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
            }
            #expect(statuses[7] == .unprocessableContent, "a NUL character is refused by name before the commit")
            #expect(statuses.filter { $0.key != 7 }.allSatisfy { $0.value == .created })
            try await database.withDatabase { pool async throws in
                #expect(try await pool.first("SELECT count(DISTINCT project) FROM usage_events", as: Int.self) == 23)
            }
        }
    }

    @Test func aBatchAnswersEveryRecordAndAcceptsTheValidOnes() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                var first = Self.gpt4oCall
                first["request_id"] = "r-1"
                var future = Self.gpt4oCall
                future["timestamp"] = "2099-01-01T00:00:00Z"
                var badType = Self.gpt4oCall
                badType["latency_ms"] = "slow"
                var inconsistent = Self.gpt4oCall
                inconsistent["usage"] = ["prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 5]
                let response = try await client.send(
                    .post, "/api/v1/usage/batch", json: ["events": [first, future, badType, first, inconsistent, Self.gpt4oCall]],
                    headers: [Self.apiKeyHeader: auth.key])
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["accepted"] as? Int == 2 && body["duplicates"] as? Int == 1 && body["rejected"] as? Int == 3)
                let results = try #require(body["results"] as? [[String: Any]])
                #expect(results.map { $0["status"] as? String } == ["accepted", "rejected", "rejected", "duplicate", "rejected", "accepted"])
                #expect(results[3]["id"] as? String == results[0]["id"] as? String)
                #expect(String(describing: results[2]["error"]).contains("latency_ms"))
                #expect(String(describing: results[4]["error"]).contains("usage.total_tokens"))

                let again = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [first]], headers: [Self.apiKeyHeader: auth.key])
                #expect(try again.json()["duplicates"] as? Int == 1, "a retried batch adds nothing")
            }
        }
    }

    @Test func badInputIsRefusedClearly() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let auth = try await credentials(client)
                var future = Self.gpt4oCall
                future["timestamp"] = "2099-01-01T00:00:00Z"
                let refused = try await client.send(.post, "/api/v1/usage", json: future, headers: [Self.apiKeyHeader: auth.key])
                #expect(refused.status == .unprocessableContent)
                #expect(try refused.json().string("error.message")?.contains("timestamp") == true)
                let range = try await client.send(.get, "/api/v1/usage?start_date=2026-05-01&end_date=2026-04-01", token: auth.token)
                #expect(try range.errorCode() == "INVALID_DATE_RANGE")
                #expect(try await client.send(.get, "/api/v1/usage?limit=101", token: auth.token).errorCode() == "INVALID_PAGE")
                let readOnly = try await client.send(.post, "/api/v1/api-keys", json: ["name": "ro", "permissions": ["usage:read"]], token: auth.token)
                let roKey = try #require(try readOnly.json().string("secret"))
                let forbidden = try await client.send(.post, "/api/v1/usage", json: Self.gpt4oCall, headers: [Self.apiKeyHeader: roKey])
                #expect(forbidden.status == .forbidden)
            }
        }
    }
}
