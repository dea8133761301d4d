import Foundation
import LedgerCore
import Testing

@Suite struct RateLimitMathTests {
    /// 60 a minute with a burst of 10: one token a second.
    let rate = RequestRate(perMinute: 60, burst: 10)
    let second: Int64 = 1_000_000

    @Test func heldTokensAreSpentWithoutALeaseAndTheNextRequestAsksForOne() {
        var tokens = LeasedTokens(rate: rate, now: 0)
        #expect(tokens.take(now: 0) == .leaseNeeded)
        tokens.leased(granted: 2, arrival: 2 * second, now: 0)
        #expect(tokens.take(now: 0) == .taken)
        #expect(tokens.remaining(now: 0) == 9)
        #expect(tokens.take(now: 0) == .taken)
        #expect(tokens.take(now: 0) == .leaseNeeded)
        #expect(tokens.fullAt(now: 0) == 2 * second)
    }

    @Test func anEmptyBucketRefusesLocallyUntilItsNextTokenExists() {
        var tokens = LeasedTokens(rate: rate, now: 0)
        // The bucket's arrival time is ten intervals ahead: empty, its next token in one second.
        tokens.leased(granted: 0, arrival: 10 * second, now: 0)
        #expect(tokens.take(now: 0) == .refused(retryAfterMicros: second))
        #expect(tokens.take(now: second / 2) == .refused(retryAfterMicros: second / 2))
        #expect(tokens.remaining(now: 0) == 0)
        #expect(tokens.sharedBucketIsEmpty(now: second / 2))
        #expect(tokens.take(now: second) == .leaseNeeded)
        #expect(!tokens.sharedBucketIsEmpty(now: second))
        #expect(tokens.remaining(now: 3 * second) == 3)
    }

    @Test func aTokenGivenBackCanBeTakenAgain() {
        var tokens = LeasedTokens(rate: rate, now: 0)
        tokens.leased(granted: 1, arrival: second, now: 0)
        #expect(tokens.take(now: 0) == .taken)
        tokens.giveBack()
        #expect(tokens.available == 1)
    }

    @Test func anOverrideReplacesOnlyWhatItSets() {
        let free = OrganizationLimits.shipped(.free)
        #expect(LimitOverride().applied(to: free) == free)
        let burst = LimitOverride([.burst(.caller): 500]).applied(to: free)
        #expect(burst.caller == RequestRate(perMinute: 100, burst: 500))
        #expect(burst.organization == free.organization)
        // A rate alone brings one window's worth as its burst.
        #expect(LimitOverride([.rate(.caller): 300]).applied(to: free).caller == RequestRate(perMinute: 300, burst: 300))
        let pro = LimitOverride([.eventsPerMonth: 7]).applied(to: .shipped(.pro))
        #expect(pro.eventsPerMonth == 7)
        // A rate on an unlimited plan takes the rate as its burst.
        let unlimited = OrganizationLimits(organization: nil, caller: nil, eventsPerMonth: nil)
        #expect(LimitOverride([.rate(.organization): 30]).applied(to: unlimited).organization == RequestRate(perMinute: 30, burst: 30))
        // A category's rate is per hour; a burst alone on a plan without one becomes its rate.
        let ingest = LimitOverride([.rate(.category(.ingest)): 90]).applied(to: .shipped(.pro))[.category(.ingest)]
        #expect(ingest == RequestRate(perHour: 90, burst: 90))
        #expect(ingest?.intervalMicros == 40_000_000)
        #expect(LimitOverride([.burst(.category(.analytics)): 4]).applied(to: .shipped(.pro))[.category(.analytics)]
            == RequestRate(perHour: 4, burst: 4))
        #expect(free[.category(.analytics)] == RequestRate(perHour: 100))
    }

    @Test func everyLimitHasOneWireName() {
        let names = LimitName.all.map(\.description)
        #expect(Set(names).count == names.count)
        #expect(names.contains("ingest_requests_per_hour") && names.contains("analytics_burst"))
        for name in LimitName.all { #expect(LimitName(wireName: name.description) == name) }
        #expect(LimitName(wireName: "ingest_requests_per_minute") == nil)
    }

    @Test func overridesOutOfRangeNameTheirFields() {
        let issues = LimitOverride([
            .burst(.organization): 0, .eventsPerMonth: OrganizationLimits.maximumEventsPerMonth + 1,
            .rate(.category(.ingest)): Int64(OrganizationLimits.maximumRate) + 1,
        ]).issues
        #expect(issues.map(\.field) == ["burst", "ingest_requests_per_hour", "events_per_month"])
    }

    @Test func aQuotaMonthIsTheUTCCalendarMonth() throws {
        let lastSecond = try #require(ISO8601DateFormatter().date(from: "2026-12-31T23:59:59Z"))
        let month = QuotaMonth(containing: lastSecond)
        #expect(month.key == "2026-12-01")
        #expect(month.end == ISO8601DateFormatter().date(from: "2027-01-01T00:00:00Z"))
    }
}
