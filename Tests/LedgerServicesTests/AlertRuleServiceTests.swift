import Foundation
import LedgerCore
@testable import LedgerServices
import LedgerStore
import LedgerTestSupport
import Testing

/// Alert rules below HTTP: drafts, defaults, audit entries and isolation on a real database.
@Suite struct AlertRuleServiceTests {
    static func withService(_ body: (AlertRuleService, TenantFixture, TenantFixture, Database) async throws -> Void) async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let (ours, theirs) = (try await TenantFixture.make(on: database), try await TenantFixture.make(on: database, name: "Other"))
                try await body(AlertRuleService(database: database), ours, theirs, database)
            }
        }
    }

    @Test func aRuleNeedsItsNameConditionAndThresholdAndGetsTheConditionsDefaults() async throws {
        try await Self.withService { alerts, tenant, _, database in
            await #expect(throws: LedgerError.validation([
                FieldIssue(field: "name", message: "is required"), FieldIssue(field: "condition", message: "is required"),
                FieldIssue(field: "threshold", message: "is required"),
            ])) { try await alerts.create(AlertRuleDraft(), by: tenant.owner, origin: TenantFixture.origin) }

            let daily = try await alerts.create(
                AlertRuleDraft(name: "Daily spend", condition: .costPerDay, threshold: 25), by: tenant.owner, origin: TenantFixture.origin)
            #expect(daily.windowMinutes == 1440 && daily.cooldownMinutes == 60 && daily.comparison == .gt && daily.enabled)
            let stored = try await alerts.get(tenant.scope, id: daily.id)
            #expect(stored.name == "Daily spend" && stored.condition == .costPerDay && stored.threshold == 25 && stored.windowMinutes == 1440)

            let audit = try await AuditLogService(database: database).list(
                tenant.scope, filter: AuditFilter(action: "alert_rule.created"), limit: 10, before: nil)
            #expect(audit.items.map(\.targetID) == [daily.id.description])
            #expect(audit.items.first?.targetType == "alert_rule")
        }
    }

    @Test func anUpdateKeepsWhatItDoesNotNameAndRefusesBadValuesByField() async throws {
        try await Self.withService { alerts, tenant, _, _ in
            let rule = try await alerts.create(
                AlertRuleDraft(name: "Latency", condition: .avgLatency, threshold: 2000, cooldownMinutes: 5),
                by: tenant.owner, origin: TenantFixture.origin)
            // A new condition brings its own default window, unless one is named.
            let hourly = try await alerts.update(
                rule.id, AlertRuleDraft(condition: .costPerHour), by: tenant.owner, origin: TenantFixture.origin)
            #expect(hourly.windowMinutes == 60 && hourly.cooldownMinutes == 5 && hourly.name == "Latency")
            #expect(abs(hourly.createdAt.timeIntervalSince(rule.createdAt)) < 0.001)
            await #expect(throws: LedgerError.validation([
                FieldIssue(field: "window_minutes", message: "must be from 1 to \(AlertRule.windowRange.upperBound)"),
                FieldIssue(field: "cooldown_minutes", message: "must be from 0 to \(AlertRule.cooldownRange.upperBound)"),
            ])) {
                try await alerts.update(
                    rule.id, AlertRuleDraft(windowMinutes: 0, cooldownMinutes: -1), by: tenant.owner, origin: TenantFixture.origin)
            }
            #expect(try await alerts.get(tenant.scope, id: rule.id).cooldownMinutes == 5)
        }
    }

    @Test func anotherOrganizationsRuleIsNotFoundForEveryAction() async throws {
        try await Self.withService { alerts, tenant, other, _ in
            let rule = try await alerts.create(
                AlertRuleDraft(name: "Errors", condition: .errorRate, threshold: 0.1), by: tenant.owner, origin: TenantFixture.origin)
            let missing = LedgerError.notFound(resource: "Alert rule")
            await #expect(throws: missing) { try await alerts.get(other.scope, id: rule.id) }
            await #expect(throws: missing) {
                try await alerts.update(rule.id, AlertRuleDraft(threshold: 1), by: other.owner, origin: TenantFixture.origin)
            }
            await #expect(throws: missing) { try await alerts.delete(rule.id, by: other.owner, origin: TenantFixture.origin) }
            #expect(try await alerts.list(other.scope, page: .first).items.isEmpty)
            try await alerts.delete(rule.id, by: tenant.owner, origin: TenantFixture.origin)
            await #expect(throws: missing) { try await alerts.get(tenant.scope, id: rule.id) }
        }
    }
}
