import Foundation
import LedgerCore
import LedgerServices
import LedgerStore
import LedgerTestSupport
import Testing

/// Plans and operators' overrides below HTTP, and the event quota they set.
@Suite struct LimitsServiceTests {
    static func withService(
        plans: [Plan: OrganizationLimits] = [:], _ body: (LimitsService, EventQuota, TenantFixture) async throws -> Void
    ) async throws {
        var settings = LimitSettings()
        for (plan, limits) in plans { settings.plans[plan] = limits }
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let tenant = try await TenantFixture.make(on: database)
                let cache = OrganizationLimitsCache(database: database, settings: settings)
                let quota = EventQuota(database: database, settings: settings, limits: cache, logger: .quiet)
                try await body(LimitsService(database: database, settings: settings, cache: cache, quota: quota), quota, tenant)
            }
        }
    }

    @Test func anOverrideReplacesOnlyTheLimitsItNamesAndAnEmptyOneRestoresThePlan() async throws {
        try await Self.withService { limits, _, tenant in
            let org = tenant.organization.id
            let before = try await limits.report(org)
            #expect(before.plan == .enterprise && before.effective == .shipped(.enterprise))
            let changed = try await limits.setOverride(
                LimitOverride([.eventsPerMonth: 5, .rate(.caller): 7]), of: org, by: tenant.owner, origin: TenantFixture.origin)
            #expect(changed.effective.eventsPerMonth == 5 && changed.effective.caller?.limit == 7)
            #expect(changed.effective.organization == OrganizationLimits.shipped(.enterprise).organization)
            let restored = try await limits.setOverride(LimitOverride(), of: org, by: tenant.owner, origin: TenantFixture.origin)
            #expect(restored.effective == .shipped(.enterprise))
        }
    }

    @Test func badOverridesAndUnknownOrganizationsAreRefused() async throws {
        try await Self.withService { limits, _, tenant in
            await #expect(throws: LedgerError.self) {
                try await limits.setOverride(
                    LimitOverride([.rate(.organization): 0]), of: tenant.organization.id, by: tenant.owner, origin: TenantFixture.origin)
            }
            await #expect(throws: LedgerError.notFound(resource: "Organization")) { try await limits.report(OrgID()) }
        }
    }

    @Test func theQuotaAdmitsUpToItsLimitAllOrNothingAndNamesThePlan() async throws {
        let small = OrganizationLimits(rates: [:], eventsPerMonth: 10)
        try await Self.withService(plans: [.enterprise: small]) { _, quota, tenant in
            try await quota.spend(6, in: tenant.scope)
            do {
                try await quota.spend(5, in: tenant.scope)
                Issue.record("eleven events passed a quota of ten")
            } catch LedgerError.limitReached(let code, let message, let details) {
                #expect(code == "USAGE_LIMIT_EXCEEDED")
                #expect(message.contains("plan `enterprise`") && message.contains("TOKENLEDGER_PLAN_ENTERPRISE"))
                #expect(details["plan"] == .string("enterprise"))
            }
            // All or nothing: the refused five took nothing, so four still fit.
            try await quota.spend(4, in: tenant.scope)
        }
    }
}
