import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import Logging
import NIOCore
import PostgresNIO
import Testing

@Suite struct RateLimitTests {
    static func config(_ free: OrganizationLimits) -> AppConfig {
        var config = TestApp.config()
        config.limits.plans[.free] = free
        return config
    }

    /// The policy a 429 names as the one that refused.
    static func refusingPolicy(_ response: TestResponse) -> String? {
        ((try? response.json()["error"]) as? [String: Any]).flatMap { $0["details"] as? [String: Any] }?["policy"] as? String
    }

    @Test func aCallerGetsItsBurstThenA429WithRetryAfterAndEveryAnswerSaysWhatIsLeft() async throws {
        let limits = OrganizationLimits(
            organization: RequestRate(perMinute: 6_000), caller: RequestRate(perMinute: 1, burst: 10), eventsPerMonth: nil)
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: Self.config(limits), on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                var admitted = 0
                var remaining: [Int] = []
                var refused: TestResponse?
                // A route's own error carries the headers too.
                let missing = try await client.send(.get, "/api/v1/budgets/\(UUID())", token: token)
                #expect(missing.status == .notFound)
                #expect(missing.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "9")
                for _ in 0..<14 {
                    let response = try await client.send(.get, "/api/v1/auth/me", token: token)
                    if response.status == .ok {
                        admitted += 1
                        remaining.append(Int(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] ?? "") ?? -1)
                        #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "1")
                    } else {
                        refused = response
                    }
                }
                // One token a minute refills: exactly the burst in one process.
                #expect(admitted == 9)
                #expect(remaining == [8, 7, 6, 5, 4, 3, 2, 1, 0])
                let limited = try #require(refused)
                #expect(limited.status == .tooManyRequests)
                #expect((1...60).contains(Int(limited.headers[.retryAfter] ?? "") ?? 0))
                #expect(limited.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
                let reset = Int64(limited.headers[HTTPField.Name("X-RateLimit-Reset")!] ?? "") ?? 0
                let now = Int64(Date().timeIntervalSince1970)
                #expect(reset > now + 500 && reset <= now + 601)
                let error = try limited.json()["error"] as? [String: Any]
                #expect(error?["code"] as? String == "RATE_LIMIT_EXCEEDED")
                let refusedBy = error?["details"] as? [String: Any]
                #expect(refusedBy?["policy"] as? String == "caller")
                #expect(refusedBy?["limit"] as? Int == 1)
                #expect(refusedBy?["window_seconds"] as? Int == 60)

            }
        }
    }

    @Test func theOrganizationsBucketIsSharedByItsCallers() async throws {
        let limits = OrganizationLimits(
            organization: RequestRate(perMinute: 1, burst: 6), caller: RequestRate(perMinute: 6_000), eventsPerMonth: nil)
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: Self.config(limits), on: database) { client async throws in
                let session = try await client.registerOwner()
                let token = try #require(session.string("access_token"))
                let key = try await client.send(
                    .post, "/api/v1/api-keys", json: ["name": "ingest", "permissions": ["usage:read"]], token: token)
                let secret = try #require(try key.json().string("secret"))
                var statuses: [HTTPResponse.Status] = []
                for index in 0..<10 {
                    let response = index % 2 == 0
                        ? try await client.send(.get, "/api/v1/auth/principal", token: token)
                        : try await client.send(.get, "/api/v1/auth/principal", headers: [HTTPField.Name("X-API-Key")!: secret])
                    statuses.append(response.status)
                }
                // The key's creation took the first token; the user and the key share the rest.
                #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
                #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
                let refusedKey = try await client.send(.get, "/api/v1/budgets/\(UUID())", headers: [HTTPField.Name("X-API-Key")!: secret])
                #expect(refusedKey.status == .tooManyRequests)
                let policy = try await client.send(.get, "/api/v1/auth/me", token: token)
                #expect(policy.status == .tooManyRequests)
                #expect(Self.refusingPolicy(policy) == "organization")
            }
        }
    }

    @Test func aCategorysHourlyRateLimitsEachCallerOnItsEndpointsOnly() async throws {
        let limits = OrganizationLimits(
            organization: RequestRate(perMinute: 6_000), caller: RequestRate(perMinute: 6_000),
            categories: [.ingest: RequestRate(perHour: 2, burst: 3), .analytics: RequestRate(perHour: 60, burst: 1)], eventsPerMonth: nil)
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: Self.config(limits), on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let key = try await client.send(
                    .post, "/api/v1/api-keys", json: ["name": "ingest", "permissions": ["usage:write"]], token: token)
                let secret = try #require(try key.json().string("secret"))
                let event: [String: Any] = ["provider": "openai", "model": "gpt-4o", "prompt_tokens": 10, "completion_tokens": 2]
                var statuses: [HTTPResponse.Status] = []
                for index in 0..<4 {
                    let response = try await client.send(.post, index == 3 ? "/api/v1/usage/batch" : "/api/v1/usage",
                        json: index == 3 ? ["events": [event]] : event, token: token)
                    statuses.append(response.status)
                    if index == 0 {
                        #expect(response.headers[HTTPField.Name("X-RateLimit-Limit")!] == "2")
                        #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "2")
                    }
                    if index == 3 {
                        #expect(Self.refusingPolicy(response) == "ingest")
                        #expect(response.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "0")
                        let retry = Int(response.headers[.retryAfter] ?? "") ?? 0
                        #expect((1_700...1_800).contains(retry))
                    }
                }
                // Single and batch ingest share the category: its burst of 3, then 429.
                #expect(statuses == [.created, .created, .created, .tooManyRequests])
                // Other endpoints of the same caller are not in the category.
                #expect(try await client.send(.get, "/api/v1/usage", token: token).status == .ok)
                // Each caller has its own bucket in the category.
                let byKey = try await client.send(.post, "/api/v1/usage", json: event, headers: [HTTPField.Name("X-API-Key")!: secret])
                #expect(byKey.status == .created)
                // Analytics is a category of its own.
                #expect(try await client.send(.get, "/api/v1/costs/aggregate?group_by=model", token: token).status == .ok)
                let second = try await client.send(.get, "/api/v1/usage/stats", token: token)
                #expect(second.status == .tooManyRequests)
                #expect(Self.refusingPolicy(second) == "analytics")
            }
        }
    }

    @Test func theMonthlyEventQuotaRefusesWith402AndABatchIsAdmittedWholeOrNotAtAll() async throws {
        let limits = OrganizationLimits(organization: nil, caller: nil, eventsPerMonth: 5)
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: Self.config(limits), on: database) { client async throws in
                let token = try #require(try await client.registerOwner().string("access_token"))
                let event: [String: Any] = [
                    "provider": "openai", "model": "gpt-4o", "prompt_tokens": 10, "completion_tokens": 2,
                ]
                for _ in 0..<3 {
                    #expect(try await client.send(.post, "/api/v1/usage", json: event, token: token).status == .created)
                }
                let batch = try await client.send(
                    .post, "/api/v1/usage/batch", json: ["events": [event, event, event]], token: token)
                #expect(batch.status.code == 402)
                let error = try batch.json()["error"] as? [String: Any]
                #expect(error?["code"] as? String == "USAGE_LIMIT_EXCEEDED")
                // It names the plan and what lifts the quota.
                let message = error?["message"] as? String ?? ""
                #expect(message.contains("plan `free`") && message.contains("TOKENLEDGER_PLAN_FREE"), "\(message)")
                #expect((error?["details"] as? [String: Any])?["plan"] as? String == "free")
                let stored = try await client.send(.get, "/api/v1/usage", token: token)
                #expect(((try stored.json()["data"]) as? [Any])?.count == 3)
                let pair = try await client.send(.post, "/api/v1/usage/batch", json: ["events": [event, event]], token: token)
                #expect(pair.status == .ok)
                #expect(try await client.send(.post, "/api/v1/usage", json: event, token: token).status.code == 402)

                let own = try await client.send(.get, "/api/v1/organization/limits", token: token).json()
                let inForce = own["limits"] as? [String: Any]
                #expect(inForce?["events_per_month"] as? Int == 5)
                #expect((own["usage"] as? [String: Any])?["events_counted"] as? Int == 5)
                #expect((own["usage"] as? [String: Any])?["events_remaining"] as? Int == 0)
                #expect(inForce?["requests_per_minute"] == nil)
            }
        }
    }

    @Test func anOperatorOverridesAnOrganizationsLimitsAndTheChangeIsAudited() async throws {
        let limits = OrganizationLimits(
            organization: RequestRate(perMinute: 6_000), caller: RequestRate(perMinute: 60, burst: 4), eventsPerMonth: 100)
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(config: Self.config(limits), on: database) { client async throws in
                let session = try await client.registerOwner(email: "limits-ops@example.com")
                let orgID = try #require(session.string("organization.id"))
                let notOperator = try #require(session.string("access_token"))
                let hidden = try await client.send(.get, "/api/v1/admin/organizations/\(orgID)/limits", token: notOperator)
                #expect(hidden.status == .notFound)
                try await database.withDatabase { pool async throws in
                    try await pool.execute("UPDATE users SET is_operator = true WHERE email = 'limits-ops@example.com'")
                }
                let login = try await client.send(
                    .post, "/api/v1/auth/login", json: ["email": "limits-ops@example.com", "password": "correct horse battery"])
                let token = try #require(try login.json().string("access_token"))
                let path = "/api/v1/admin/organizations/\(orgID)/limits"
                let tooHigh = try await client.send(.put, path, json: ["caller_burst": 10_000_001], token: token)
                #expect(tooHigh.status == .unprocessableContent)
                let unknown = try await client.send(.put, path, json: ["ingest_requests_per_minute": 5], token: token)
                #expect(unknown.status == .unprocessableContent)
                let unknownField = (try unknown.json()["error"] as? [String: Any]).flatMap { $0["details"] as? [String: Any] }
                #expect(String(describing: unknownField ?? [:]).contains("ingest_requests_per_minute"))
                let set = try await client.send(
                    .put, path,
                    json: ["caller_requests_per_minute": 600, "caller_burst": 100, "events_per_month": 7, "analytics_requests_per_hour": 30],
                    token: token)
                #expect(set.status == .ok)
                let body = try set.json()
                let inForce = body["limits"] as? [String: Any]
                #expect(inForce?["caller_requests_per_minute"] as? Int == 600)
                #expect(inForce?["caller_burst"] as? Int == 100)
                #expect(inForce?["events_per_month"] as? Int == 7)
                #expect(inForce?["analytics_requests_per_hour"] as? Int == 30)
                #expect(inForce?["analytics_burst"] as? Int == 30)
                #expect((body["override"] as? [String: Any])?["caller_burst"] as? Int == 100)
                // In force at once on this replica: more than the plan's burst of 4 passes. (The
                // shared bucket keeps the plan's four seconds of debt: 60 of the 100 remain.)
                for _ in 0..<8 {
                    #expect(try await client.send(.get, "/api/v1/auth/me", token: token).status == .ok)
                }
                let audit = try await client.send(.get, "/api/v1/audit-log?action=organization.limits_changed", token: token)
                #expect(((try audit.json()["data"]) as? [Any])?.count == 1)
                #expect(try await client.send(.put, "/api/v1/admin/organizations/\(UUID())/limits", json: [:], token: token).status == .notFound)
                let cleared = try await client.send(.put, path, json: [:], token: token).json()
                #expect((cleared["limits"] as? [String: Any])?["caller_burst"] as? Int == 4)
                #expect((cleared["override"] as? [String: Any])?.isEmpty == true)
            }
        }
    }

    @Test func whenTheStoreCannotBeReachedTheSettingDecides() async throws {
        try await TestDatabase.with { test async throws in
            // A pool that has shut down: every query fails at once, as with a database gone away.
            let database = Database(configuration: test.configuration, logger: .quiet)
            let running = Task { await database.run() }
            running.cancel()
            await running.value
            let principal = Principal.user(UserID(), in: OrgID(), role: .owner)
            for failOpen in [true, false] {
                var settings = LimitSettings()
                settings.failOpen = failOpen
                let cache = OrganizationLimitsCache(database: database, settings: settings)
                let limiter = RateLimiter(database: database, settings: settings, limits: cache, logger: .quiet)
                let quota = EventQuota(database: database, settings: settings, limits: cache, logger: .quiet)
                if failOpen {
                    let decision = try await limiter.admit(principal)
                    #expect(decision == nil)
                    try await quota.spend(10, in: principal.scope)
                } else {
                    await #expect(throws: LedgerError.unavailable("The rate limiter cannot reach its store; retry later")) {
                        try await limiter.admit(principal)
                    }
                    await #expect(throws: LedgerError.unavailable("The usage quota cannot reach its store; retry later")) {
                        try await quota.spend(10, in: principal.scope)
                    }
                }
            }
        }
    }
}
