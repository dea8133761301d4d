import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import Testing

/// Webhook endpoints below HTTP: validation by field, the secret and its rotation, test
/// deliveries through the outbox, audit entries and isolation.
@Suite struct WebhookServiceTests {
    static func withService(_ body: (WebhookService, TenantFixture, TenantFixture, Database) async throws -> Void) async throws {
        var settings = WebhookSettings()
        settings.destinations = WebhookDestinationPolicy(allowPlainHTTP: true, allowedHosts: ["127.0.0.1:9"])
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let (ours, theirs) = (try await TenantFixture.make(on: database), try await TenantFixture.make(on: database, name: "Other"))
                try await body(WebhookService(database: database, settings: settings), ours, theirs, database)
            }
        }
    }

    static func create(_ webhooks: WebhookService, for tenant: TenantFixture, enabled: Bool = true) async throws
        -> (endpoint: WebhookEndpoint, secret: String)
    {
        try await webhooks.create(
            url: "http://127.0.0.1:9/hooks", description: "receiver", eventTypes: [.budgetAlert, .alertTriggered], enabled: enabled,
            by: tenant.owner, origin: TenantFixture.origin)
    }

    @Test func anEndpointKeepsItsSortedSubscriptionAndItsSecretChangesOnRotation() async throws {
        try await Self.withService { webhooks, tenant, _, database in
            let created = try await Self.create(webhooks, for: tenant)
            #expect(created.secret.hasPrefix("whsec_"))
            #expect(created.endpoint.eventTypes == [.alertTriggered, .budgetAlert])
            let rotated = try await webhooks.rotateSecret(created.endpoint.id, by: tenant.owner, origin: TenantFixture.origin)
            #expect(rotated.secret.hasPrefix("whsec_") && rotated.secret != created.secret)
            let audit = try await AuditLogService(database: database).list(
                tenant.scope, filter: AuditFilter(targetID: created.endpoint.id.description), limit: 10, before: nil)
            #expect(Set(audit.items.map(\.action)) == ["webhook.created", "webhook.secret_rotated"])
        }
    }

    @Test func badValuesAreRefusedByField() async throws {
        try await Self.withService { webhooks, tenant, _, _ in
            let endpoint = try await Self.create(webhooks, for: tenant).endpoint
            await #expect(throws: LedgerError.validation([FieldIssue(field: "event_types", message: "webhook.test is sent only by the test route")])) {
                try await webhooks.update(
                    endpoint.id, WebhookEndpointChange(eventTypes: [.webhookTest]), by: tenant.owner, origin: TenantFixture.origin)
            }
            await #expect(throws: LedgerError.validation([FieldIssue(field: "description", message: "must be at most 500 characters")])) {
                try await webhooks.update(
                    endpoint.id, WebhookEndpointChange(description: String(repeating: "x", count: 501)), by: tenant.owner,
                    origin: TenantFixture.origin)
            }
            #expect(try await webhooks.get(tenant.scope, id: endpoint.id).description == "receiver")
        }
    }

    @Test func aTestEventIsQueuedForAnEnabledEndpointOnly() async throws {
        try await Self.withService { webhooks, tenant, _, _ in
            let endpoint = try await Self.create(webhooks, for: tenant).endpoint
            let delivery = try await webhooks.sendTest(endpoint.id, by: tenant.owner)
            #expect(delivery.eventType == .webhookTest && delivery.endpointID == endpoint.id)
            #expect(try await webhooks.deliveries(tenant.scope, of: endpoint.id, page: .first).items.map(\.id) == [delivery.id])
            let off = try await Self.create(webhooks, for: tenant, enabled: false).endpoint
            await #expect(throws: LedgerError.conflict("The webhook is disabled; enable it before testing it")) {
                try await webhooks.sendTest(off.id, by: tenant.owner)
            }
        }
    }

    @Test func anotherOrganizationsEndpointAndDeliveriesAreNotFound() async throws {
        try await Self.withService { webhooks, tenant, other, _ in
            let endpoint = try await Self.create(webhooks, for: tenant).endpoint
            let delivery = try await webhooks.sendTest(endpoint.id, by: tenant.owner)
            let missing = LedgerError.notFound(resource: "Webhook endpoint")
            await #expect(throws: missing) { try await webhooks.get(other.scope, id: endpoint.id) }
            await #expect(throws: missing) { try await webhooks.deliveries(other.scope, of: endpoint.id, page: .first) }
            await #expect(throws: missing) { try await webhooks.rotateSecret(endpoint.id, by: other.owner, origin: TenantFixture.origin) }
            await #expect(throws: missing) { try await webhooks.delete(endpoint.id, by: other.owner, origin: TenantFixture.origin) }
            await #expect(throws: LedgerError.notFound(resource: "Webhook delivery")) {
                try await webhooks.redeliver(delivery.id, by: other.owner, origin: TenantFixture.origin)
            }
        }
    }
}
