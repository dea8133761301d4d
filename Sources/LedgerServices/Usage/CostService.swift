import Foundation
public import LedgerCore
public import LedgerStore

/// Cost analytics over the rollups: their cost does not grow with the raw event count.
public struct CostService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The groups and their sum, in one read, with the cost the organization's setting names.
    public func aggregate(
        _ scope: TenantScope, groupBy: [UsageDimension], window: TimeWindow, filter: UsageFilter
    ) async throws -> CostAggregate {
        try await database.read(in: scope) { connection in
            try await StatedOrganization.check(filter.statedOrganization, of: scope, on: connection)
            let costSource = try await OrganizationRepository(connection).find(scope)?.costSource ?? .computed
            let groups = try await RollupRepository(connection).totals(
                scope, groupBy: groupBy, window: window, filter: filter, costSource: costSource)
            return try CostAggregate(window: window, groupBy: groupBy, costSource: costSource, groups: groups)
        }
    }

    public func trend(
        _ scope: TenantScope, granularity: Granularity, window: TimeWindow, filter: UsageFilter
    ) async throws -> CostTrend {
        try granularity.checkBucketCount(in: window)
        return try await database.read(in: scope) { connection in
            try await StatedOrganization.check(filter.statedOrganization, of: scope, on: connection)
            let organization = try await OrganizationRepository(connection).find(scope)
            let timeZone = organization?.timeZone ?? "UTC"
            let costSource = organization?.costSource ?? .computed
            let buckets = try await RollupRepository(connection).trend(
                scope, granularity: granularity, window: window, timeZone: timeZone, filter: filter, costSource: costSource)
            return CostTrend(granularity: granularity, timeZone: timeZone, costSource: costSource, buckets: buckets)
        }
    }
}
