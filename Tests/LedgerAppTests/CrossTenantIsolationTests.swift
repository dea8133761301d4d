import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerApp
import LedgerTestSupport
import NIOCore
import Testing

/// Org B must get 404 for every object of org A, and never see it in a list. Adding a route
/// that takes an id means adding one line to `probes`; a test fails until it is there.
@Suite struct CrossTenantIsolationTests {
    struct Probe: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: [String: any Sendable]?

        init(_ method: HTTPRequest.Method, _ path: String, body: [String: any Sendable]? = nil) {
            self.method = method
            self.path = path
            self.body = body
        }

        var description: String { "\(method) \(path)" }
    }

    /// `{api_key}`, `{user}` and the other placeholders stand for org A's objects.
    static let probes: [Probe] = [
        Probe(.get, "/api/v1/api-keys/{api_key}"),
        Probe(.patch, "/api/v1/api-keys/{api_key}", body: ["name": "taken over"]),
        Probe(.delete, "/api/v1/api-keys/{api_key}"),
        Probe(.post, "/api/v1/api-keys/{api_key}/rotate"),
        Probe(.get, "/api/v1/admin/users/{user}"),
        Probe(.patch, "/api/v1/admin/users/{user}", body: ["name": "taken over"]),
        Probe(.put, "/api/v1/admin/users/{user}/roles", body: ["role": "viewer"]),
        Probe(.delete, "/api/v1/admin/users/{user}"),
        Probe(.get, "/api/v1/pricing/{price}"),
        Probe(.put, "/api/v1/pricing/{price}", body: ["provider": "x", "model": "y", "rates": ["input_per_million": "0"]]),
        Probe(.delete, "/api/v1/pricing/{price}"),
        Probe(.get, "/api/v1/usage/{usage}"),
        Probe(.delete, "/api/v1/usage/{usage}"),
        Probe(.get, "/api/v1/costs/{usage}"),
        Probe(.get, "/api/v1/webhooks/{webhook}"),
        Probe(.patch, "/api/v1/webhooks/{webhook}", body: ["enabled": false]),
        Probe(.delete, "/api/v1/webhooks/{webhook}"),
        Probe(.post, "/api/v1/webhooks/{webhook}/rotate-secret"),
        Probe(.post, "/api/v1/webhooks/{webhook}/test"),
        Probe(.get, "/api/v1/webhooks/{webhook}/deliveries"),
        Probe(.post, "/api/v1/webhooks/deliveries/{delivery}/redeliver"),
        Probe(.get, "/api/v1/budgets/{budget}"),
        Probe(.put, "/api/v1/budgets/{budget}", body: ["limit_usd": "1"]),
        Probe(.patch, "/api/v1/budgets/{budget}", body: ["enabled": false]),
        Probe(.delete, "/api/v1/budgets/{budget}"),
        Probe(.get, "/api/v1/budgets/{budget}/status"),
        Probe(.get, "/api/v1/budgets/reservations/{reservation}"),
        Probe(.post, "/api/v1/budgets/reservations/{reservation}/settle", body: ["actual_usd": "0"]),
        Probe(.post, "/api/v1/budgets/reservations/{reservation}/release"),
        Probe(.get, "/api/v1/alerts/rules/{rule}"),
        Probe(.put, "/api/v1/alerts/rules/{rule}", body: ["threshold": 1]),
        Probe(.delete, "/api/v1/alerts/rules/{rule}"),
    ]

    /// Lists that must never show org A's objects to org B.
    static let lists = [
        "/api/v1/api-keys", "/api/v1/admin/users", "/api/v1/audit-log", "/api/v1/pricing?limit=100&provider=acme-internal",
        "/api/v1/usage", "/api/v1/costs", "/api/v1/logs", "/api/v1/usage?page=1", "/api/v1/costs?per_page=100",
        "/api/v1/costs/aggregate?group_by=user", "/api/v1/costs/aggregate?group_by=user,model", "/api/v1/organization",
        "/api/v1/auth/principal", "/api/v1/webhooks", "/api/v1/budgets",
        "/api/v1/alerts/rules", "/api/v1/alerts/events", "/api/v1/organization/limits",
    ]

    /// Operator routes are cross-tenant by design; they are tested on their own.
    static let exempt = ["/api/v1/admin/organizations/{id}", "/api/v1/admin/organizations/{id}/limits"]

    @Test func everyRouteWithAnIDIsProbed() async throws {
        let document = try JSONSerialization.jsonObject(
            with: try await ApplicationBuilder.document(config: AppConfig(), logger: .quiet)) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        let probed = Set(Self.probes.map { "\($0.method.rawValue) \($0.path.replacing(/\{[a-z_]+\}/, with: "{id}"))" })
        for (path, operations) in paths where path.contains("{") && !Self.exempt.contains(path) {
            for method in operations.keys {
                #expect(probed.contains("\(method.uppercased()) \(path)"), "add a cross-tenant probe for \(method.uppercased()) \(path)")
            }
        }
    }

    @Test func orgBSeesNothingOfOrgA() async throws {
        try await TestDatabase.with { database async throws in
            try await TestApp.withClient(on: database) { client async throws in
                let a = try await client.registerOwner(organization: "Org A")
                let aToken = try #require(a.string("access_token"))
                let key = try await client.send(
                    .post, "/api/v1/api-keys", json: ["name": "a-key", "permissions": ["api_key:read"]], token: aToken)
                let keyID = try #require(try key.json().string("key.id"))
                let keySecret = try #require(try key.json().string("secret"))
                let member = try await client.send(.post, "/api/v1/admin/users", json: ["email": "a-member@example.com", "role": "member"], token: aToken)
                let memberID = try #require(try member.json().string("id"))
                let aOwnerID = try #require(a.string("user.id"))
                let price = try await client.send(.post, "/api/v1/pricing", json: [
                    "provider": "acme-internal", "model": "secret-model", "rates": ["input_per_million": "1"],
                ], token: aToken)
                let priceID = try #require(try price.json().string("id"))
                let event = try await client.send(.post, "/api/v1/usage", json: [
                    "provider": "openai", "model": "gpt-4o", "usage": ["prompt_tokens": 10, "completion_tokens": 5],
                    "user": keyID,  // so that A's key id would show in B's analytics grouped by user
                ], token: aToken)
                let usageID = try #require(try event.json().string("id"))
                let webhook = try await client.send(
                    .post, "/api/v1/webhooks", json: ["url": "http://127.0.0.1:9/a-only"], token: aToken)
                let webhookID = try #require(try webhook.json().string("webhook.id"))
                let test = try await client.send(.post, "/api/v1/webhooks/\(webhookID)/test", token: aToken)
                let deliveryID = try #require(try test.json().string("id"))
                let budget = try await client.send(
                    .post, "/api/v1/budgets", json: ["name": "a-only budget", "limit_usd": "10"], token: aToken)
                let budgetID = try #require(try budget.json().string("id"))
                let reservation = try await client.send(.post, "/api/v1/budgets/reservations", json: ["amount_usd": "1"], token: aToken)
                let reservationID = try #require(try reservation.json().string("id"))
                let rule = try await client.send(
                    .post, "/api/v1/alerts/rules", json: ["name": "a-only rule", "condition": "error_rate", "threshold": 0.5], token: aToken)
                let ruleID = try #require(try rule.json().string("id"))

                let b = try await client.registerOwner(organization: "Org B")
                let bToken = try #require(b.string("access_token"))
                for probe in Self.probes {
                    for target in [memberID, aOwnerID] where probe.path.contains("{user}") || target == memberID {
                        let path = probe.path.replacingOccurrences(of: "{api_key}", with: keyID)
                            .replacingOccurrences(of: "{user}", with: target).replacingOccurrences(of: "{price}", with: priceID)
                            .replacingOccurrences(of: "{usage}", with: usageID).replacingOccurrences(of: "{webhook}", with: webhookID)
                            .replacingOccurrences(of: "{delivery}", with: deliveryID).replacingOccurrences(of: "{budget}", with: budgetID)
                            .replacingOccurrences(of: "{reservation}", with: reservationID).replacingOccurrences(of: "{rule}", with: ruleID)
                        let response = try await client.send(probe.method, path, json: probe.body.map { $0.mapValues { $0 as Any } }, token: bToken)
                        #expect(response.status == .notFound, "\(probe) answered \(response.status) to another org")
                    }
                }
                for list in Self.lists {
                    let body = String(buffer: try await client.send(.get, list, token: bToken).body)
                    for foreign in [keyID, memberID, aOwnerID, priceID, usageID, webhookID, deliveryID, "a-only", budgetID, reservationID, ruleID] {
                        #expect(!body.contains(foreign), "\(list) shows org A's \(foreign) to org B")
                    }
                }
                let ownAnalytics = String(buffer: try await client.send(.get, "/api/v1/costs/aggregate?group_by=user", token: aToken).body)
                #expect(ownAnalytics.contains(keyID), "the probe's data is visible to its own organization")
                #expect(try await client.send(.get, "/api/v1/api-keys", token: keySecret).status == .ok, "A's key untouched")
                let ownWebhook = try await client.send(.get, "/api/v1/webhooks/\(webhookID)", token: aToken)
                #expect(try ownWebhook.json()["enabled"] as? Bool == true, "A's webhook untouched")
                let ownReservation = try await client.send(.get, "/api/v1/budgets/reservations/\(reservationID)", token: aToken)
                #expect(try ownReservation.json().string("status") == "held", "A's reservation untouched")
                let ownRule = try await client.send(.get, "/api/v1/alerts/rules/\(ruleID)", token: aToken)
                #expect(try ownRule.json()["threshold"] as? Double == 0.5, "A's rule untouched")
                let ownBudget = try await client.send(.get, "/api/v1/budgets/\(budgetID)", token: aToken)
                #expect(try ownBudget.json().string("limit_usd") == "10.000000000", "A's budget untouched")
                let bCheck = try await client.send(.post, "/api/v1/budgets/check", json: ["amount_usd": "100"], token: bToken)
                #expect(try bCheck.json()["budgets"] as? [Any] != nil && !String(buffer: bCheck.body).contains(budgetID))
                let stillMember = try await client.send(.get, "/api/v1/admin/users/\(memberID)", token: aToken)
                #expect(try stillMember.json().string("role") == "member" && stillMember.json().string("name") != "taken over")
                let switchToA = try await client.send(
                    .post, "/api/v1/auth/switch-org", json: ["organization_id": try #require(a.string("organization.id"))], token: bToken)
                #expect(switchToA.status == .notFound)
            }
        }
    }
}
