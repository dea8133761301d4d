import Foundation
import LedgerCore
import LedgerStore
import LedgerTestSupport
import Testing

/// The rollups against the raw events they summarise: the same totals whether the deltas are
/// queued or folded, through the per-dimension rollups and through the full one.
@Suite struct RollupRepositoryTests {
    /// Noon UTC two days ago: a whole UTC day before it and after it stay inside retention.
    static let noon = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 / 86400).rounded(.down) - 2) * 86400 + 43200)

    static func event(_ model: String, project: String, hoursAfterNoon: Double, cost: NanoUSD?, in tenant: TenantFixture) -> UsageEvent {
        var record = UsageRecord.call(model, input: 100, output: 10, at: noon.addingTimeInterval(hoursAfterNoon * 3600), project: project)
        record.latencyMs = 200
        return UsageEvent(
            id: UsageEventID(), orgID: tenant.organization.id, receivedAt: Date(), record: record,
            cost: cost.map { nanos in
                var breakdown = CostBreakdown()
                breakdown.inputUncached = nanos
                return breakdown
            })
    }

    /// Stores the events and their rollup deltas as the ingest path does (one statement), or
    /// takes their contributions back as a delete does.
    static func store(_ events: [UsageEvent], sign: Int64 = 1, in tenant: TenantFixture, on database: Database) async throws {
        try await database.write(in: tenant.scope) { connection in
            if sign > 0 {
                try await UsageRepository(connection).insertWithRollups(events)
            } else {
                try await RollupRepository(connection).append(events, sign: sign)
            }
        }
    }

    static func totals(
        _ groupBy: [UsageDimension], window: TimeWindow, filter: UsageFilter = .all, in tenant: TenantFixture, on database: Database
    ) async throws -> [UsageTotals] {
        try await database.tenant(tenant.scope) {
            try await RollupRepository($0).totals(tenant.scope, groupBy: groupBy, window: window, filter: filter)
        }
    }

    @Test func queuedAndFoldedDeltasAnswerTheSameTotalsOverEveryWindowShape() async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let tenant = try await TenantFixture.make(on: database)
                let other = try await TenantFixture.make(on: database, name: "Other")
                let events = [
                    Self.event("gpt-4o", project: "alpha", hoursAfterNoon: -13, cost: 5_000, in: tenant),
                    Self.event("gpt-4o", project: "beta", hoursAfterNoon: 0.5, cost: 7_000, in: tenant),
                    Self.event("claude-sonnet-4-6", project: "alpha", hoursAfterNoon: 14, cost: 11_000, in: tenant),
                    Self.event("mystery", project: "beta", hoursAfterNoon: 1, cost: nil, in: tenant),
                ]
                try await Self.store(events, in: tenant, on: database)
                try await Self.store([Self.event("gpt-4o", project: "alpha", hoursAfterNoon: 0, cost: 1_000_000, in: other)], in: other, on: database)

                let windows = [
                    // Part of one day: hourly rows only.
                    try TimeWindow(start: Self.noon.addingTimeInterval(-3600), end: Self.noon.addingTimeInterval(7200)),
                    // Whole days (daily rows) with ragged edges (hourly rows).
                    try TimeWindow(start: Self.noon.addingTimeInterval(-86400), end: Self.noon.addingTimeInterval(86400)),
                ]
                let expected = [(requests: Int64(2), cost: NanoUSD(7_000)), (requests: 4, cost: 23_000)]
                for state in ["queued", "folded"] {
                    if state == "folded" {
                        let folded = try await RollupRepository(database).aggregate(tenant.scope)
                        #expect(folded > 0)
                        #expect(try await RollupRepository(database).aggregate(tenant.scope) == 0, "nothing is left to fold")
                    }
                    for (window, want) in zip(windows, expected) {
                        for groupBy in [[], [UsageDimension.model], [.model, .project]] {
                            let groups = try await Self.totals(groupBy, window: window, in: tenant, on: database)
                            let sum = try groups.reduce(UsageTotals.zero) { try $0.adding($1) }
                            #expect(sum.requests == want.requests, "\(state) \(groupBy) \(window)")
                            #expect(sum.costNanos == want.cost, "\(state) \(groupBy) \(window)")
                            #expect(sum.unpriced == 1 && sum.latencyCount == want.requests, "\(state) \(groupBy)")
                            #expect(sum.inputTokens == 100 * want.requests && sum.outputTokens == 10 * want.requests)
                        }
                    }
                    let byModel = try await Self.totals([.model], window: windows[1], in: tenant, on: database)
                    #expect(byModel.map { $0.group[.model] } == ["gpt-4o", "claude-sonnet-4-6", "mystery"], "largest cost first")
                    let filtered = try await Self.totals(
                        [.model], window: windows[1], filter: UsageFilter(projects: ["alpha"]), in: tenant, on: database)
                    #expect(filtered.map(\.costNanos) == [11_000, 5_000], "\(state): a filter reads the full rollup")
                }
            }
        }
    }

    @Test func aContributionTakenBackLeavesNoGroup() async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let tenant = try await TenantFixture.make(on: database)
                let kept = Self.event("gpt-4o", project: "alpha", hoursAfterNoon: 0, cost: 3_000, in: tenant)
                let removed = Self.event("o3", project: "beta", hoursAfterNoon: 0, cost: 9_000, in: tenant)
                try await Self.store([kept, removed], in: tenant, on: database)
                _ = try await RollupRepository(database).aggregate(tenant.scope)
                try await Self.store([removed], sign: -1, in: tenant, on: database)
                let window = try TimeWindow(start: Self.noon.addingTimeInterval(-3600), end: Self.noon.addingTimeInterval(3600))
                for groupBy in [[UsageDimension.model], [.model, .project]] {
                    let groups = try await Self.totals(groupBy, window: window, in: tenant, on: database)
                    #expect(groups.map { $0.group[.model] } == ["gpt-4o"], "\(groupBy)")
                    #expect(groups.map(\.costNanos) == [3_000])
                }
            }
        }
    }

    @Test func aTrendHasEveryBucketOfTheWindowWithEmptyOnesAtZero() async throws {
        try await TestDatabase.with { test in
            try await test.withDatabase { database in
                let tenant = try await TenantFixture.make(on: database)
                try await Self.store([
                    Self.event("gpt-4o", project: "alpha", hoursAfterNoon: -13, cost: 5_000, in: tenant),
                    Self.event("gpt-4o", project: "alpha", hoursAfterNoon: 1, cost: 7_000, in: tenant),
                ], in: tenant, on: database)
                let dayBefore = Self.noon.addingTimeInterval(-86400 - 43200)
                let window = try TimeWindow(start: dayBefore, end: dayBefore.addingTimeInterval(3 * 86400))
                let buckets = try await database.tenant(tenant.scope) {
                    try await RollupRepository($0).trend(tenant.scope, granularity: .day, window: window, timeZone: "UTC", filter: .all)
                }
                #expect(buckets.map(\.start) == (0..<3).map { dayBefore.addingTimeInterval(Double($0) * 86400) })
                #expect(buckets.map(\.costNanos) == [5_000, 7_000, 0])
                #expect(buckets.map(\.requests) == [1, 1, 0])
                #expect(buckets.map(\.tokens) == [110, 110, 0])
            }
        }
    }
}
