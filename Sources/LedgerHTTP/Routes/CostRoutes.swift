import Foundation
import HTTPTypes
import LedgerCore
import LedgerServices
import LedgerStore
import OpenAPIKit

extension Endpoint where Input == NoInput, Output == CostAggregateResponse {
    static let aggregateCosts = Endpoint(
        .get, "/api/v1/costs/aggregate", operationID: "aggregateCosts", tag: "Costs",
        summary: "Totals over a time range, grouped by any of provider, model, endpoint, project, api_key, user, status",
        access: .permission(Permission(.cost, .read)),
        parameters: [.query("group_by", "Comma-separated dimensions", schema: .string)] + UsageQuery.parameters)
}

extension Endpoint where Input == NoInput, Output == CostTrendResponse {
    static let costTrends = Endpoint(
        .get, "/api/v1/costs/trends", operationID: "costTrends", tag: "Costs",
        summary: "Cost over time in the organization's time zone; empty buckets are zero",
        access: .permission(Permission(.cost, .read)),
        parameters: [
            .query("granularity", "hour, day (default), week, month or year", schema: Schemas.enumeration(RollupRepository.Granularity.self))
        ] + UsageQuery.parameters)
}

extension Endpoint where Input == NoInput, Output == CostRecordListResponse {
    static let listCosts = Endpoint(
        .get, "/api/v1/costs", operationID: "listCosts", tag: "Costs", summary: "Cost records of usage events, newest first",
        access: .permission(Permission(.cost, .read)),
        parameters: UsageQuery.parameters + EndpointParameter.pagination + EndpointParameter.offsetPagination)
}

extension Endpoint where Input == NoInput, Output == CostRecordResponse {
    static let getCost = Endpoint(
        .get, "/api/v1/costs/{id}", operationID: "getCost", tag: "Costs",
        summary: "The cost record of one event: buckets, per-bucket cost, price definition and tier",
        access: .permission(Permission(.cost, .read)), parameters: [.path("id", "Usage event id")])
}

public struct CostRoutes: Sendable {
    let costs: CostService
    let usage: UsageService

    public init(costs: CostService, usage: UsageService) {
        self.costs = costs
        self.usage = usage
    }

    public func register(in api: inout APIRegistry) {
        api.route(.listCosts) { request, caller in
            let filter = try UsageQuery.filter(request)
            if let page = try request.offsetPage() {
                let result = try await usage.page(caller.scope, filter: filter, page: page)
                return CostRecordListResponse(
                    data: result.events.map(CostRecordBody.init), nextCursor: nil, pagination: PaginationBody(page, total: result.total))
            }
            let page = try request.pageRequest()
            let events = try await usage.list(caller.scope, filter: filter, limit: page.limit, before: page.after)
            return CostRecordListResponse(data: events.items.map(CostRecordBody.init), nextCursor: events.nextCursor, pagination: nil)
        }
        api.route(.getCost) { request, caller in
            CostRecordResponse(try await usage.get(caller.scope, id: try request.id("id", of: "Cost record")))
        }
        api.route(.aggregateCosts) { request, caller in
            let filter = try UsageQuery.filter(request)
            let window = try CostService.Window(from: filter.from, to: filter.to)
            let names = (request.query("group_by") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let dimensions = try names.map { name in
                guard let dimension = RollupRepository.Dimension(rawValue: name) else {
                    throw LedgerError.badRequest(
                        code: "INVALID_PARAMETERS",
                        message: "group_by takes \(RollupRepository.Dimension.allCases.map(\.rawValue).joined(separator: ", "))",
                        details: ["group_by": name])
                }
                return dimension
            }
            let aggregate = try await costs.aggregate(caller.scope, groupBy: dimensions, window: window, filter: filter)
            return CostAggregateResponse(
                startDate: window.from, endDate: window.to, groupBy: dimensions.map(\.rawValue),
                costSource: aggregate.costSource.rawValue, totals: CostGroupBody(aggregate.totals),
                groups: aggregate.groups.map(CostGroupBody.init))
        }
        api.route(.costTrends) { request, caller in
            let filter = try UsageQuery.filter(request)
            let window = try CostService.Window(from: filter.from, to: filter.to)
            let text = request.query("granularity") ?? "day"
            guard let granularity = RollupRepository.Granularity(rawValue: text) else {
                throw LedgerError.badRequest(
                    code: "INVALID_GRANULARITY", message: "granularity must be hour, day, week, month or year", details: ["granularity": text])
            }
            let trend = try await costs.trend(caller.scope, granularity: granularity, window: window, filter: filter)
            return CostTrendResponse(
                granularity: granularity.rawValue, timeZone: trend.timeZone, costSource: trend.costSource.rawValue,
                trends: trend.buckets.map {
                    .init(timestamp: $0.start, requestCount: $0.requests, totalTokens: $0.tokens, costNanos: $0.costNanos,
                          totalCost: $0.costNanos.usdString())
                })
        }
    }
}
