import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import Testing

/// The ingest path below HTTP: the service decides, the repositories store, on a real database.
@Suite struct UsageServiceTests {
    /// gpt-4o in the shipped catalog: $2.50 per million input tokens, $10 per million output.
    static let gpt4oCallNanos: NanoUSD = 1000 * 2_500 + 100 * 10_000

    static func withService(_ body: (UsageService, CostService, TenantFixture, Database) async throws -> Void) async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let tenant = try await TenantFixture.make(on: database)
                try await body(UsageService(database: database), CostService(database: database), tenant, database)
            }
        }
    }

    static func lastDay() throws -> TimeWindow {
        try TimeWindow(start: Date().addingTimeInterval(-86400), end: Date())
    }

    @Test func anEventIsPricedFromTheCatalogAndItsRetryAnswersTheOriginal() async throws {
        try await Self.withService { usage, _, tenant, _ in
            guard case .accepted(let event) = try await usage.ingest(.call(), idempotencyKey: "k-1", by: tenant.integration) else {
                Issue.record("the first ingest was not accepted")
                return
            }
            #expect(event.cost?.total == Self.gpt4oCallNanos)
            #expect(event.orgID == tenant.organization.id)
            if case .apiKey(let key, _) = tenant.integration.actor { #expect(event.apiKeyID == key) }

            guard case .duplicate(let original) = try await usage.ingest(
                .call(input: 5), idempotencyKey: "k-1", by: tenant.integration)
            else {
                Issue.record("the retry was not answered as a duplicate")
                return
            }
            #expect(original.id == event.id && original.buckets.inputUncached == 1000)
            let stored = try await usage.list(tenant.scope, filter: .all, page: .first)
            #expect(stored.items.map(\.id) == [event.id])
        }
    }

    @Test func aBatchStoresItsValidRecordsAndRejectsEachInvalidOneAtItsPosition() async throws {
        try await Self.withService { usage, _, tenant, _ in
            let unreadable = LedgerError.validation([FieldIssue(field: "events[1].model", message: "is required")])
            let outcomes = try await usage.ingest(batch: [
                .success(.call(requestID: "r-1")), .failure(unreadable),
                .success(.call(at: Date().addingTimeInterval(3600))), .success(.call(input: 7, requestID: "r-1")),
                .success(.call("mystery-model", provider: "acme")),
            ], by: tenant.owner)
            #expect(outcomes.count == 5)
            guard case .accepted(let first) = outcomes[0], case .rejected(let given) = outcomes[1],
                case .rejected(.validation(let future)) = outcomes[2], case .duplicate(let repeated) = outcomes[3],
                case .accepted(let unpriced) = outcomes[4]
            else {
                Issue.record("unexpected outcomes \(outcomes)")
                return
            }
            #expect(given == unreadable)
            #expect(future.map(\.field) == ["timestamp"])
            #expect(repeated.id == first.id, "a request_id repeated inside one batch is a duplicate of its first use")
            #expect(unpriced.cost == nil)
            #expect(first.apiKeyID == nil, "an event recorded by a user names no key")
            let stored = try await usage.list(tenant.scope, filter: .all, page: .first)
            #expect(Set(stored.items.map(\.id)) == [first.id, unpriced.id])
        }
    }

    @Test func aDeletedEventLeavesTheTotalsAndIsAudited() async throws {
        try await Self.withService { usage, costs, tenant, database in
            var ids: [UsageEventID] = []
            for project in ["alpha", "beta"] {
                if case .accepted(let event) = try await usage.ingest(.call(project: project), idempotencyKey: nil, by: tenant.owner) {
                    ids.append(event.id)
                }
            }
            #expect(ids.count == 2)
            let before = try await costs.aggregate(tenant.scope, groupBy: [.project], window: Self.lastDay(), filter: .all)
            #expect(before.totals.costNanos == 2 * Self.gpt4oCallNanos)
            #expect(before.groups.compactMap { $0.group[.project] }.sorted() == ["alpha", "beta"])

            try await usage.delete(ids[0], by: tenant.owner, origin: TenantFixture.origin)
            let after = try await costs.aggregate(tenant.scope, groupBy: [.project], window: Self.lastDay(), filter: .all)
            #expect(after.totals.costNanos == Self.gpt4oCallNanos && after.totals.requests == 1)
            #expect(after.groups.compactMap { $0.group[.project] } == ["beta"])
            await #expect(throws: LedgerError.notFound(resource: "Usage event")) { try await usage.get(tenant.scope, id: ids[0]) }

            let audit = try await AuditLogService(database: database).list(
                tenant.scope, filter: AuditFilter(action: "usage.deleted"), limit: 10, before: nil)
            #expect(audit.items.map(\.targetID) == [ids[0].description])
        }
    }

    @Test func anotherOrganizationCannotReadOrDeleteTheEvent() async throws {
        try await Self.withService { usage, costs, tenant, database in
            let other = try await TenantFixture.make(on: database, name: "Other")
            guard case .accepted(let event) = try await usage.ingest(.call(), idempotencyKey: "shared", by: tenant.owner) else {
                Issue.record("not accepted")
                return
            }
            await #expect(throws: LedgerError.notFound(resource: "Usage event")) { try await usage.get(other.scope, id: event.id) }
            await #expect(throws: LedgerError.notFound(resource: "Usage event")) {
                try await usage.delete(event.id, by: other.owner, origin: TenantFixture.origin)
            }
            // The same key in another organization is another event, not a retry.
            guard case .accepted(let theirs) = try await usage.ingest(.call(), idempotencyKey: "shared", by: other.owner) else {
                Issue.record("the other organization's event was not accepted")
                return
            }
            #expect(theirs.id != event.id)
            let totals = try await costs.aggregate(other.scope, groupBy: [], window: Self.lastDay(), filter: .all).totals
            #expect(totals.requests == 1 && totals.costNanos == Self.gpt4oCallNanos)
            #expect(try await usage.get(tenant.scope, id: event.id).id == event.id)
        }
    }
}
