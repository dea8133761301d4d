import Foundation
import LedgerCore
import LedgerStore

/// Cost analytics over the hourly rollups: their cost does not grow with the raw event count.
public struct CostService: Sendable {
    let database: Database
    /// More buckets than this in one trend is a mistake (an hourly trend over years).
    public static let maximumBuckets = 2000

    public init(database: Database) {
        self.database = database
    }

    public struct Window: Sendable {
        public var from: Date
        public var to: Date

        /// The last 30 days when the caller names no range.
        public init(from: Date?, to: Date?, now: Date = Date()) throws(LedgerError) {
            let end = to ?? now
            let start = from ?? end.addingTimeInterval(-30 * 86400)
            guard start <= end else {
                throw .badRequest(
                    code: "INVALID_DATE_RANGE", message: "start_date must not be after end_date",
                    details: ["start_date": start.formatted(.iso8601), "end_date": end.formatted(.iso8601)])
            }
            self.from = start
            self.to = end
        }
    }

    public struct Aggregate: Sendable {
        public var costSource: CostSource
        public var totals: RollupRepository.Totals
        public var groups: [RollupRepository.Totals]
    }

    /// The groups and their sum, in one read, with the cost the organization's setting names.
    public func aggregate(
        _ scope: TenantScope, groupBy: [RollupRepository.Dimension], window: Window, filter: UsageRepository.Filter
    ) async throws -> Aggregate {
        try await database.tenant(scope) { transaction in
            let costSource = try await OrganizationRepository(transaction).find(scope)?.costSource ?? .computed
            let groups = try await RollupRepository(transaction).totals(
                scope, groupBy: groupBy, from: window.from, to: window.to, filter: filter, costSource: costSource)
            return Aggregate(
                costSource: costSource, totals: groups.reduce(RollupRepository.Totals.zero) { $0.adding($1) }, groups: groups)
        }
    }

    public func trend(
        _ scope: TenantScope, granularity: RollupRepository.Granularity, window: Window, filter: UsageRepository.Filter
    ) async throws -> (
        timeZone: String, costSource: CostSource, buckets: [(start: Date, requests: Int64, tokens: Int64, costNanos: NanoUSD)]
    ) {
        let seconds: Double = switch granularity {
        case .hour: 3600
        case .day: 86400
        case .week: 7 * 86400
        case .month: 28 * 86400
        case .year: 365 * 86400
        }
        if window.to.timeIntervalSince(window.from) / seconds > Double(Self.maximumBuckets) {
            throw LedgerError.badRequest(
                code: "INVALID_DATE_RANGE", message: "That range has more than \(Self.maximumBuckets) \(granularity.rawValue) buckets")
        }
        return try await database.tenant(scope) { transaction in
            let organization = try await OrganizationRepository(transaction).find(scope)
            let timeZone = organization?.timeZone ?? "UTC"
            let costSource = organization?.costSource ?? .computed
            let buckets = try await RollupRepository(transaction).trend(
                scope, granularity: granularity, from: window.from, to: window.to, timeZone: timeZone, filter: filter,
                costSource: costSource)
            return (timeZone, costSource, buckets)
        }
    }
}
