import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices
import OpenAPIKit

extension Endpoint where Input == NoInput, Query == CostAggregateQuery, Output == CostAggregateResponse {
    static let aggregateCosts = Endpoint(
        .get, "/api/v1/costs/aggregate", operationID: "aggregateCosts", tag: "Costs",
        summary: "Totals over a time range, grouped by any of provider, model, endpoint, project, api_key, user, status",
        access: .permission(Permission(.cost, .read)), rateCategory: .analytics)
}

extension Endpoint where Input == NoInput, Query == CostTrendQuery, Output == CostTrendResponse {
    static let costTrends = Endpoint(
        .get, "/api/v1/costs/trends", operationID: "costTrends", tag: "Costs",
        summary: "Cost over time in the organization's time zone; empty buckets are zero",
        access: .permission(Permission(.cost, .read)), rateCategory: .analytics)
}

extension Endpoint where Input == NoInput, Query == AnalyticsFilterQuery, Output == UsageStatsResponse {
    static let usageStats = Endpoint(
        .get, "/api/v1/usage/stats", operationID: "usageStats", tag: "Usage",
        summary: "Totals, unpriced count and top models over a range (default: the last 30 days)",
        access: .permission(Permission(.usage, .read)), rateCategory: .analytics)
}

/// `group_by` and the usage filters, in every product's names.
public struct CostAggregateQuery: APIQuery {
    static let groupBy = QueryParameter<[UsageDimension]>.choices("group_by", "The dimensions to group by")
    public static let parameters = [groupBy] + AnalyticsFilterParameters.parameters
    let groupBy: [UsageDimension]
    let filter: UsageFilter

    public init(_ query: QueryValues) throws {
        groupBy = try query[Self.groupBy]
        filter = try AnalyticsFilterParameters.filter(query)
    }
}

/// `granularity` and the usage filters.
public struct CostTrendQuery: APIQuery {
    static let granularity = QueryParameter.choice("granularity", "The width of a bucket", default: Granularity.day)
        .code("INVALID_GRANULARITY")
    public static let parameters = [granularity] + UsageFilterParameters.parameters
    let granularity: Granularity
    let filter: UsageFilter

    public init(_ query: QueryValues) throws {
        granularity = try query[Self.granularity]
        filter = try UsageFilterParameters.filter(query)
    }
}

/// Analytics: every answer here is read from the rollups.
public struct CostRoutes: Sendable {
    let costs: CostService

    public init(costs: CostService) {
        self.costs = costs
    }

    public func register(in api: inout APIRegistry) {
        api.route(.aggregateCosts) { request, caller in
            let query = request.query
            let window = try query.filter.range.window()
            return CostAggregateResponse(try await costs.aggregate(caller.scope, groupBy: query.groupBy, window: window, filter: query.filter))
        }
        api.route(.costTrends) { request, caller in
            let query = request.query
            let window = try query.filter.range.window()
            return CostTrendResponse(try await costs.trend(caller.scope, granularity: query.granularity, window: window, filter: query.filter))
        }
        api.route(.usageStats) { request, caller in
            let filter = request.query.filter
            let byModel = try await costs.aggregate(caller.scope, groupBy: [.model], window: try filter.range.window(), filter: filter)
            return UsageStatsResponse(
                startDate: byModel.window.start, endDate: byModel.window.end, totals: CostGroupBody(byModel.totals),
                topModels: byModel.groups.prefix(5).map(CostGroupBody.init))
        }
    }
}
