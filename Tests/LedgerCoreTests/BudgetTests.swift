import Foundation
import LedgerCore
import Testing

@Suite struct BudgetPeriodTests {
    let paris = TimeZone(identifier: "Europe/Paris")!
    /// 2026-11-18 23:30 UTC: already Thursday the 19th in Paris.
    let instant = Date(timeIntervalSince1970: 1_795_044_600)

    func utc(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test func calendarPeriodsStartInTheOrganizationsZone() {
        let cases: [(BudgetPeriod, String, String)] = [
            (.daily, "2026-11-18T23:00:00Z", "2026-11-19T23:00:00Z"),
            (.weekly, "2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z"),
            (.monthly, "2026-10-31T23:00:00Z", "2026-11-30T23:00:00Z"),
            (.quarterly, "2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z"),
            (.yearly, "2025-12-31T23:00:00Z", "2026-12-31T23:00:00Z"),
        ]
        for (period, start, end) in cases {
            let window = period.window(containing: instant, in: paris)
            #expect(window.start == utc(start), "\(period) start")
            #expect(window.end == utc(end), "\(period) end")
            #expect(window.contains(instant))
        }
    }

    @Test func aFixedRangeIsItsOwnWindow() {
        let period = BudgetPeriod.fixed(start: utc("2026-11-01T00:00:00Z"), end: utc("2026-11-15T00:00:00Z"))
        #expect(period.window(containing: instant, in: paris) == DateInterval(start: utc("2026-11-01T00:00:00Z"), end: utc("2026-11-15T00:00:00Z")))
        #expect(period.kind == .custom)
    }

    @Test func everyQuarterStartsInJanuaryAprilJulyOrOctober() {
        let utcZone = TimeZone(identifier: "UTC")!
        for month in 1...12 {
            let instant = utc(String(format: "2026-%02d-15T12:00:00Z", month))
            let start = BudgetPeriod.quarterly.window(containing: instant, in: utcZone).start
            let expected = utc(String(format: "2026-%02d-01T00:00:00Z", (month - 1) / 3 * 3 + 1))
            #expect(start == expected, "month \(month)")
        }
    }
}

@Suite struct BudgetStatusTests {
    func budget(limit: NanoUSD, thresholds: [Int] = [50, 80]) -> Budget {
        Budget(
            id: BudgetID(), orgID: OrgID(), name: "b", scope: UsageScope(), period: .monthly, limitNanos: limit,
            thresholds: thresholds, action: .notify, notificationChannels: ["webhook"], enabled: true, createdAt: Date(),
            updatedAt: Date())
    }

    let window = DateInterval(start: Date(timeIntervalSince1970: 0), duration: 1000)

    @Test func halfwayAtHalfTheLimitProjectsTheLimitExactly() {
        let status = BudgetStatus(budget: budget(limit: 10_000), window: window, spentNanos: 5_000, now: Date(timeIntervalSince1970: 500))
        #expect(status.percent == "50.00")
        #expect(status.state == .warning)
        #expect(status.reached == [50])
        #expect(status.projectedNanos == 10_000)
        #expect(status.projectedExhaustion == nil, "reached exactly at the end, not within the period")
        #expect(status.remainingNanos == 5_000)
    }

    @Test func aFastSpendProjectsItsExhaustion() {
        let status = BudgetStatus(budget: budget(limit: 10_000), window: window, spentNanos: 2_500, now: Date(timeIntervalSince1970: 100))
        #expect(status.state == .ok)
        #expect(status.projectedNanos == 25_000)
        #expect(status.projectedExhaustion == Date(timeIntervalSince1970: 400))
    }

    @Test func pastTheLimitIsExceededWithNothingRemaining() {
        let status = BudgetStatus(budget: budget(limit: 10_000), window: window, spentNanos: 12_345, now: Date(timeIntervalSince1970: 900))
        #expect(status.state == .exceeded)
        #expect(status.reached == [50, 80, 100])
        #expect(status.remainingNanos == 0)
        #expect(status.percent == "123.45")
    }

    @Test func thresholdsAreComparedExactlyAtTheExtremes() {
        #expect(BudgetStatus.reaches(.max, threshold: 100, of: .max))
        #expect(!BudgetStatus.reaches(.max, threshold: 101, of: .max))
        #expect(!BudgetStatus.reaches(.max - 1, threshold: 100, of: .max))
        #expect(BudgetStatus.reaches(8, threshold: 80, of: 10))
        #expect(!BudgetStatus.reaches(7, threshold: 80, of: 10))
        let huge = BudgetStatus(budget: budget(limit: 1), window: window, spentNanos: .max, now: Date(timeIntervalSince1970: 1))
        #expect(huge.percentHundredths == .max)
        #expect(huge.projectedNanos == .max)
    }

    @Test func scopeListsAreBoundedAndNameTheirField() {
        #expect(UsageScope(projects: ["search"]).issues(field: "scope").isEmpty)
        let bad = UsageScope(projects: [""], endUsers: Array(repeating: "u", count: UsageScope.maximumValues + 1))
        #expect(bad.issues(field: "scope").map(\.field) == ["scope.projects", "scope.end_users"])
    }

    @Test func scopeCoversOnlyWhatItNames() {
        let scope = UsageScope(projects: ["search"], models: ["gpt-4o"])
        #expect(scope.covers(project: "search", provider: "openai", model: "gpt-4o", endpoint: nil, apiKey: nil, endUser: nil))
        #expect(!scope.covers(project: "search", provider: "openai", model: nil, endpoint: nil, apiKey: nil, endUser: nil))
        #expect(!scope.covers(project: "ads", provider: nil, model: "gpt-4o", endpoint: nil, apiKey: nil, endUser: nil))
        #expect(UsageScope().covers(project: nil, provider: nil, model: nil, endpoint: nil, apiKey: nil, endUser: nil))
    }
}
