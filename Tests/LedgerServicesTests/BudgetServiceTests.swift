import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import Logging
import Testing

/// Budgets below HTTP: defaults, audit, isolation, and reservations that hold under concurrency.
@Suite struct BudgetServiceTests {
    static func withService(_ body: (BudgetService, TenantFixture, TenantFixture, Database) async throws -> Void) async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let (ours, theirs) = (try await TenantFixture.make(on: database), try await TenantFixture.make(on: database, name: "Other"))
                let service = BudgetService(database: database, evaluator: BudgetEvaluator(database: database, logger: .quiet))
                try await body(service, ours, theirs, database)
            }
        }
    }

    static func spend(_ nanos: NanoUSD) -> BudgetService.Spend {
        BudgetService.Spend(amountNanos: nanos, project: nil, provider: nil, model: nil, endpoint: nil, apiKey: nil, endUser: nil)
    }

    @Test func aBudgetNeedsALimitAndGetsMonthlyAlertsAtFiftyEightyAndAHundred() async throws {
        try await Self.withService { budgets, tenant, _, database in
            await #expect(throws: LedgerError.validation([FieldIssue(field: "limit_usd", message: "is required (or budget_limit)")])) {
                try await budgets.create(BudgetDraft(), by: tenant.owner, origin: TenantFixture.origin)
            }
            let budget = try await budgets.create(BudgetDraft(limitNanos: 5_000_000_000), by: tenant.owner, origin: TenantFixture.origin)
            #expect(budget.period == .monthly && budget.thresholds == [50, 80, 100] && budget.action == .notify)
            #expect(try await budgets.get(tenant.scope, id: budget.id).limitNanos == 5_000_000_000)
            let audit = try await AuditLogService(database: database).list(
                tenant.scope, filter: AuditFilter(targetID: budget.id.description), limit: 10, before: nil)
            #expect(audit.items.map(\.action) == ["budget.created"])
        }
    }

    @Test func anotherOrganizationsBudgetIsNotFound() async throws {
        try await Self.withService { budgets, tenant, other, _ in
            let budget = try await budgets.create(BudgetDraft(limitNanos: 1_000), by: tenant.owner, origin: TenantFixture.origin)
            let missing = LedgerError.notFound(resource: "Budget")
            await #expect(throws: missing) { try await budgets.get(other.scope, id: budget.id) }
            await #expect(throws: missing) { try await budgets.status(other.scope, id: budget.id) }
            await #expect(throws: missing) {
                try await budgets.update(budget.id, BudgetDraft(limitNanos: 2_000), by: other.owner, origin: TenantFixture.origin)
            }
            await #expect(throws: missing) { try await budgets.delete(budget.id, by: other.owner, origin: TenantFixture.origin) }
            #expect(try await budgets.check(Self.spend(1), by: other.owner).entries.isEmpty)
        }
    }

    @Test func concurrentReservationsNeverHoldMoreThanABlockBudgetsLimit() async throws {
        try await Self.withService { budgets, tenant, _, _ in
            _ = try await budgets.create(
                BudgetDraft(limitNanos: 10_000, action: .block), by: tenant.owner, origin: TenantFixture.origin)
            // Twenty holds of 1,000 against a limit of 10,000: exactly ten fit, whatever the order.
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await budgets.reserve(Self.spend(1_000), holdSeconds: 60, by: tenant.integration)
                            return true
                        } catch LedgerError.limitReached(let code, _, _) where code == "BUDGET_EXCEEDED" {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 10)
        }
    }

    @Test func aReservationEndsOnceAndIsReleasedRoomForTheNext() async throws {
        try await Self.withService { budgets, tenant, _, _ in
            _ = try await budgets.create(BudgetDraft(limitNanos: 1_000, action: .block), by: tenant.owner, origin: TenantFixture.origin)
            let held = try await budgets.reserve(Self.spend(1_000), holdSeconds: 60, by: tenant.integration)
            await #expect(throws: LedgerError.self) { try await budgets.reserve(Self.spend(1), holdSeconds: 60, by: tenant.integration) }
            let released = try await budgets.end(held.id, as: .released, in: tenant.scope)
            #expect(released.status == .released)
            await #expect(throws: LedgerError.conflict("The reservation is already released")) {
                try await budgets.end(held.id, as: .settled, actualNanos: 5, in: tenant.scope)
            }
            _ = try await budgets.reserve(Self.spend(1_000), holdSeconds: 60, by: tenant.integration)
        }
    }
}
