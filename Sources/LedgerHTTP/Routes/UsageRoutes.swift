import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices
import OpenAPIKit

extension Endpoint where Input == UsageRecordBody, Query == NoQuery, Output == PreferredReturn<UsageEventBody, UsageReceiptBody> {
    static let ingestUsage = Endpoint(
        .post, "/api/v1/usage", operationID: "ingestUsage", tag: "Usage",
        summary: "Record one LLM call; it is priced from the catalog in effect at its timestamp",
        description: "Send `Idempotency-Key` (or a `request_id`) so that retries are safe: a repeated key answers the original event with `Idempotent-Replayed: true` and adds no cost. Send `Prefer: return=minimal` for the short answer (id and cost).",
        access: .permission(Permission(.usage, .write)),
        parameters: [
            .header(
                "Idempotency-Key", "Makes retries safe: a repeat with the same body answers the original event, one with another body is refused (422)",
                schema: .string(required: false, minLength: 1, maxLength: UsageRules().maximumIdempotencyKeyLength)),
            Output.parameter,
        ],
        success: .created, errors: [.limitReached], rateCategory: .ingest)
}

extension Endpoint where Input == IngestBatchRequest, Query == NoQuery, Output == IngestBatchResponse {
    static let ingestUsageBatch = Endpoint(
        .post, "/api/v1/usage/batch", operationID: "ingestUsageBatch", tag: "Usage",
        summary: "Record many LLM calls; each record is accepted, duplicate (same request_id) or rejected on its own",
        access: .permission(Permission(.usage, .write)), errors: [.limitReached], isBulk: true, rateCategory: .ingest)
}

extension Endpoint where Input == NoInput, Query == UsageListQuery, Output == JSONOrCSV<PagedListResponse<UsageEventBody>> {
    static let listUsage = Endpoint(
        .get, "/api/v1/usage", operationID: "listUsage", tag: "Usage", summary: "Usage events, newest first",
        description: "With `format=csv`, every matching event is streamed as CSV in the logs column order.",
        access: .permission(Permission(.usage, .read)))
}

extension Endpoint where Input == NoInput, Query == LogsQuery, Output == JSONOrCSV<LogsResponse> {
    static let listLogs = Endpoint(
        .get, "/api/v1/logs", operationID: "listLogs", tag: "Usage",
        summary: "Token logs with page/per_page pagination; format=csv streams them as a file",
        access: .permission(Permission(.usage, .read)))
}

extension Endpoint where Input == NoInput, Query == CostListQuery, Output == PagedListResponse<CostRecordBody> {
    static let listCosts = Endpoint(
        .get, "/api/v1/costs", operationID: "listCosts", tag: "Costs", summary: "Cost records of usage events, newest first",
        access: .permission(Permission(.cost, .read)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == CostRecordBody {
    static let getCost = Endpoint(
        .get, "/api/v1/costs/{id}", operationID: "getCost", tag: "Costs",
        summary: "The cost record of one event: buckets, per-bucket cost, price definition and tier",
        access: .permission(Permission(.cost, .read)), parameters: [.path("id", "Usage event id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == UsageEventBody {
    static let getUsage = Endpoint(
        .get, "/api/v1/usage/{id}", operationID: "getUsage", tag: "Usage", summary: "One usage event with its cost",
        access: .permission(Permission(.usage, .read)), parameters: [.path("id", "Usage event id")])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let deleteUsage = Endpoint(
        .delete, "/api/v1/usage/{id}", operationID: "deleteUsage", tag: "Usage",
        summary: "Delete a usage event; rollups are adjusted and the deletion is audited",
        access: .permission(Permission(.usage, .delete)), parameters: [.path("id", "Usage event id")], success: .noContent)
}

extension Endpoint where Input == RepriceRequest, Query == NoQuery, Output == RepriceResponse {
    static let repriceUsage = Endpoint(
        .post, "/api/v1/usage/reprice", operationID: "repriceUsage", tag: "Usage",
        summary: "Recompute costs in a time window from the catalog now in effect (prices unpriced events)",
        description: "Rollups receive the difference; the audit log records the before and after totals and the actor.",
        access: .permission(Permission(.usage, .write)))
}

/// `/usage` and `/costs`: the filters, then either paging style.
public struct CostListQuery: APIQuery {
    public static let parameters = UsageFilterParameters.parameters + ListPaging.parameters
    let filter: UsageFilter
    let paging: ListPaging

    public init(_ query: QueryValues) throws {
        filter = try UsageFilterParameters.filter(query)
        paging = try ListPaging(query)
    }
}

/// `/usage`: the cost listing's parameters and `format`.
public struct UsageListQuery: APIQuery {
    public static let parameters = CostListQuery.parameters + [ExportFormat.parameter]
    let list: CostListQuery
    let format: ExportFormat

    public init(_ query: QueryValues) throws {
        list = try CostListQuery(query)
        format = try query[ExportFormat.parameter]
    }
}

/// `/logs`: numbered pages in a chosen order.
public struct LogsQuery: APIQuery {
    static let sortBy = QueryParameter.choice("sort_by", "The order of the logs", default: UsageSort.Key.timestamp).code("INVALID_SORT")
    static let sortDescending = QueryParameter.boolean("sort_desc", "Descending", default: true).code("INVALID_SORT")
    public static let parameters = UsageFilterParameters.parameters + [
        PagingParameters.page, PagingParameters.perPage, sortBy, sortDescending, ExportFormat.parameter,
    ]
    let filter: UsageFilter
    let page: OffsetPage
    let sort: UsageSort
    let format: ExportFormat

    public init(_ query: QueryValues) throws {
        filter = try UsageFilterParameters.filter(query)
        page = try PagingParameters.offsetPage(query)
        sort = UsageSort(key: try query[Self.sortBy], descending: try query[Self.sortDescending])
        format = try query[ExportFormat.parameter]
    }
}

public struct UsageRoutes: Sendable {
    let usage: UsageService

    public init(usage: UsageService) {
        self.usage = usage
    }

    /// A single ingest's answer, in the form the request's `Prefer` header asks for.
    package static func answer<Query>(
        _ outcome: UsageService.Outcome, to request: EndpointRequest<UsageRecordBody, Query>
    ) throws -> PreferredReturn<UsageEventBody, UsageReceiptBody> {
        let answer = { (event: UsageEvent, headers: HTTPFields) in
            PreferredReturn(event, prefer: request.header(.prefer), full: UsageEventBody.init, minimal: UsageReceiptBody.init, headers: headers)
        }
        switch outcome {
        case .accepted(let event): return answer(event, [:])
        case .duplicate(let event): return answer(event, [.idempotentReplayed: "true"])
        case .rejected(let error): throw error
        }
    }

    public func register(in api: inout APIRegistry) {
        api.route(.ingestUsage) { request, caller in
            let key = request.header(.idempotencyKey)
            let outcome = try await usage.ingest(try request.input.record(keyed: key != nil), idempotencyKey: key, by: caller.principal)
            return try Self.answer(outcome, to: request)
        }
        api.route(.ingestUsageBatch) { request, caller in
            let records = request.input.events.map { decoded in
                decoded.result.flatMap { body in Result { () throws(LedgerError) in try body.record() } }
            }
            let results = try await usage.ingest(batch: records, by: caller.principal).enumerated().map { index, outcome in
                BatchResultBody(index: index, outcome, requestID: caller.requestID)
            }
            return IngestBatchResponse(
                accepted: results.count { $0.status == "accepted" }, duplicates: results.count { $0.status == "duplicate" },
                rejected: results.count { $0.status == "rejected" }, results: results)
        }
        api.route(.listUsage) { request, caller in
            let query = request.query.list
            if request.query.format == .csv { return try await csv(caller.scope, query.filter) }
            return .json(try await list(caller.scope, query, UsageEventBody.init))
        }
        api.route(.listLogs) { request, caller in
            let query = request.query
            if query.format == .csv { return try await csv(caller.scope, query.filter) }
            let result = try await usage.page(caller.scope, filter: query.filter, sort: query.sort, page: query.page)
            return .json(LogsResponse(
                logs: result.items.map(LogEntryBody.init), pagination: PaginationBody(result),
                filters: FiltersBody(
                    startDate: query.filter.range.start, endDate: query.filter.range.end, models: query.filter.models,
                    endpoints: query.filter.endpoints, providers: query.filter.providers)))
        }
        api.route(.listCosts) { request, caller in
            try await list(caller.scope, request.query, CostRecordBody.init)
        }
        api.route(.getCost) { request, caller in
            CostRecordBody(try await usage.get(caller.scope, id: try request.id(as: "Cost record")))
        }
        api.route(.deleteUsage) { request, caller in
            try await usage.delete(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.repriceUsage) { request, caller in
            RepriceResponse(try await usage.reprice(
                try TimeWindow(start: request.input.startDate, end: request.input.endDate), models: request.input.models ?? [],
                by: caller.principal, origin: caller.origin))
        }
        api.route(.getUsage) { request, caller in
            UsageEventBody(try await usage.get(caller.scope, id: try request.id()))
        }
    }

    /// `/usage` and `/costs`: the same events by either paging style, each answered as `item`.
    func list<Item>(_ scope: TenantScope, _ query: CostListQuery, _ item: (UsageEvent) -> Item) async throws -> PagedListResponse<Item> {
        switch query.paging {
        case .numbered(let page): PagedListResponse(try await usage.page(scope, filter: query.filter, page: page), item)
        case .cursor(let page): PagedListResponse(try await usage.list(scope, filter: query.filter, page: page), item)
        }
    }

    /// The CSV download: pages of 1,000, the first fetched now.
    func csv<Body>(_ scope: TenantScope, _ filter: UsageFilter) async throws -> JSONOrCSV<Body> {
        let pages: @Sendable (PageCursor?) async throws -> Page<UsageEvent> = { [usage] cursor in
            try await usage.list(scope, filter: filter, page: .exportStep(after: cursor))
        }
        return .csv(filename: "token_logs_\(Date().formatted(.iso8601.year().month().day())).csv", first: try await pages(nil), pages: pages)
    }
}
