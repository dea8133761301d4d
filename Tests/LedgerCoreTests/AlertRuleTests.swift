import Foundation
import LedgerCore
import Testing

@Suite struct AlertRuleTests {
    func rule(_ condition: AlertRule.Condition = .errorRate, threshold: Decimal = 0.5, state: AlertRule.State = .ok,
              lastTriggeredAt: Date? = nil, cooldown: Int = 60) -> AlertRule {
        AlertRule(
            id: AlertRuleID(), orgID: OrgID(), name: "r", condition: condition, comparison: .gt, threshold: threshold,
            windowMinutes: 30, scope: UsageScope(), cooldownMinutes: cooldown, enabled: true, state: state, lastValue: nil,
            lastTriggeredAt: lastTriggeredAt, createdAt: Date(), updatedAt: Date())
    }

    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func firesOnceThenResolves() {
        #expect(rule().transition(value: 0.6, now: now) == .triggered)
        #expect(rule(state: .firing).transition(value: 0.6, now: now) == nil, "already firing")
        #expect(rule(state: .firing).transition(value: 0.4, now: now) == .resolved)
        #expect(rule(state: .firing).transition(value: nil, now: now) == .resolved, "nothing measured no longer holds")
        #expect(rule().transition(value: 0.4, now: now) == nil)
    }

    @Test func theCooldownHoldsBackAFiringSoonAfterTheLast() {
        let recent = rule(lastTriggeredAt: now.addingTimeInterval(-59 * 60))
        #expect(recent.transition(value: 0.9, now: now) == nil)
        let cooled = rule(lastTriggeredAt: now.addingTimeInterval(-60 * 60))
        #expect(cooled.transition(value: 0.9, now: now) == .triggered)
    }

    @Test func comparisons() {
        #expect(AlertRule.Comparison.gte.holds(5, 5) && !AlertRule.Comparison.gt.holds(5, 5))
        #expect(AlertRule.Comparison.lt.holds(4, 5) && AlertRule.Comparison.lte.holds(5, 5) && !AlertRule.Comparison.lt.holds(5, 5))
    }

    @Test func eachConditionReadsItsValue() {
        let measured = AlertMeasurement(
            requests: 60, errors: 15, costNanos: 3_000_000_000, tokens: 1200, averageLatencyMs: 850, p95LatencyMs: 2100,
            usualCostNanos: 1_000_000_000)
        #expect(measured.value(of: .costPerHour, windowMinutes: 30) == 6)
        #expect(measured.value(of: .costPerDay, windowMinutes: 30) == 144)
        #expect(measured.value(of: .errorRate, windowMinutes: 30) == 0.25)
        #expect(measured.value(of: .requestRate, windowMinutes: 30) == 2)
        #expect(measured.value(of: .tokenRate, windowMinutes: 30) == 40)
        #expect(measured.value(of: .avgLatency, windowMinutes: 30) == 850)
        #expect(measured.value(of: .p95Latency, windowMinutes: 30) == 2100)
        #expect(measured.value(of: .anomaly, windowMinutes: 30) == 3)
        let quiet = AlertMeasurement(requests: 0, errors: 0, costNanos: 0, tokens: 0, averageLatencyMs: nil, p95LatencyMs: nil, usualCostNanos: 0)
        #expect(quiet.value(of: .errorRate, windowMinutes: 30) == nil)
        #expect(quiet.value(of: .anomaly, windowMinutes: 30) == nil)
        #expect(quiet.value(of: .costPerHour, windowMinutes: 30) == 0)
    }
}
