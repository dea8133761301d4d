import Foundation
import HTTPTypes
import LedgerCore
import LedgerServices
import LedgerStore
import OpenAPIKit

extension Endpoint where Input == IngestUsageRequest, Output == UsageEventResponse {
    static let ingestUsage = Endpoint(
        .post, "/api/v1/usage", operationID: "ingestUsage", tag: "Usage",
        summary: "Record one LLM call; it is priced from the catalog in effect at its timestamp",
        description: "Send `Idempotency-Key` (or a `request_id`) so that retries are safe: a repeated key answers the original event with `Idempotent-Replayed: true` and adds no cost.",
        access: .permission(Permission(.usage, .write)), success: .created)
}

extension Endpoint where Input == IngestBatchRequest, Output == IngestBatchResponse {
    static let ingestUsageBatch = Endpoint(
        .post, "/api/v1/usage/batch", operationID: "ingestUsageBatch", tag: "Usage",
        summary: "Record many LLM calls; each record is accepted, duplicate (same request_id) or rejected on its own",
        access: .permission(Permission(.usage, .write)), isBulk: true)
}

extension Endpoint where Input == NoInput, Output == JSONOrCSV<UsageListResponse> {
    static let listUsage = Endpoint(
        .get, "/api/v1/usage", operationID: "listUsage", tag: "Usage", summary: "Usage events, newest first",
        description: "With `format=csv`, every matching event is streamed as CSV in the logs column order.",
        access: .permission(Permission(.usage, .read)),
        parameters: UsageQuery.parameters + EndpointParameter.pagination + EndpointParameter.offsetPagination + [UsageQuery.format])
}

extension Endpoint where Input == NoInput, Output == JSONOrCSV<LogsResponse> {
    static let listLogs = Endpoint(
        .get, "/api/v1/logs", operationID: "listLogs", tag: "Usage",
        summary: "Token logs with page/per_page pagination; format=csv streams them as a file",
        access: .permission(Permission(.usage, .read)),
        parameters: UsageQuery.parameters + EndpointParameter.offsetPagination + [
            .query("sort_by", "timestamp (default), model, endpoint, total_cost, total_tokens, latency_ms",
                   schema: Schemas.enumeration(UsageRepository.SortKey.self)),
            .query("sort_desc", "Descending (default true)", schema: .boolean),
            UsageQuery.format,
        ])
}

extension Endpoint where Input == NoInput, Output == UsageEventResponse {
    static let getUsage = Endpoint(
        .get, "/api/v1/usage/{id}", operationID: "getUsage", tag: "Usage", summary: "One usage event with its cost",
        access: .permission(Permission(.usage, .read)), parameters: [.path("id", "Usage event id")])
}

extension Endpoint where Input == NoInput, Output == NoContent {
    static let deleteUsage = Endpoint(
        .delete, "/api/v1/usage/{id}", operationID: "deleteUsage", tag: "Usage",
        summary: "Delete a usage event; rollups are adjusted and the deletion is audited",
        access: .permission(Permission(.usage, .delete)), parameters: [.path("id", "Usage event id")], success: .noContent)
}

extension Endpoint where Input == RepriceRequest, Output == RepriceResponse {
    static let repriceUsage = Endpoint(
        .post, "/api/v1/usage/reprice", operationID: "repriceUsage", tag: "Usage",
        summary: "Recompute costs in a time window from the catalog now in effect (prices unpriced events)",
        description: "Rollups receive the difference; the audit log records the before and after totals and the actor.",
        access: .permission(Permission(.usage, .write)))
}

extension Endpoint where Input == NoInput, Output == UsageStatsResponse {
    static let usageStats = Endpoint(
        .get, "/api/v1/usage/stats", operationID: "usageStats", tag: "Usage",
        summary: "Totals, unpriced count and top models over a range (default: the last 30 days)",
        access: .permission(Permission(.usage, .read)), parameters: UsageQuery.parameters)
}

/// The common filters of the usage and cost reads.
enum UsageQuery {
    static let parameters: [EndpointParameter] = [
        .query("start_date", "Events at or after this time (ISO 8601)", schema: .string(format: .dateTime)),
        .query("end_date", "Events before this time (ISO 8601)", schema: .string(format: .dateTime)),
        .query("provider", "Only these providers (repeat the parameter)", schema: .array(items: .string)),
        .query("model", "Only these models (repeat the parameter)", schema: .array(items: .string)),
        .query("endpoint", "Only these endpoints (repeat the parameter)", schema: .array(items: .string)),
        .query("project", "Only these projects (repeat the parameter)", schema: .array(items: .string)),
        .query("api_key", "Only events recorded with these API key ids", schema: .array(items: .string(format: .uuid))),
        .query("status", "success or error", schema: Schemas.enumeration(UsageEvent.Status.self)),
    ]

    static let format = EndpointParameter.query("format", "json (default) or csv", schema: .string(allowedValues: "json", "csv"))

    /// Whether the caller asked for CSV.
    static func wantsCSV<Input>(_ request: EndpointRequest<Input>) throws -> Bool {
        switch request.query("format") ?? "json" {
        case "json": return false
        case "csv": return true
        case let other:
            throw LedgerError.badRequest(code: "INVALID_PARAMETERS", message: "format must be json or csv", details: ["format": other])
        }
    }

    static func csvFilename() -> String {
        "token_logs_\(Date().formatted(.iso8601.year().month().day())).csv"
    }

    static func filter<Input>(_ request: EndpointRequest<Input>) throws -> UsageRepository.Filter {
        func date(_ name: String) throws -> Date? {
            guard let text = request.query(name) else { return nil }
            guard let date = JSONCoding.parseDate(text) ?? (try? Date.ISO8601FormatStyle().year().month().day().parse(text)) else {
                throw LedgerError.badRequest(code: "INVALID_PARAMETERS", message: "\(name) must be an ISO 8601 date or time", details: [name: text])
            }
            return date
        }
        let list = request.queryList
        let keys = try list("api_key").map { text in
            guard let id = UUID(uuidString: text) else {
                throw LedgerError.badRequest(code: "INVALID_PARAMETERS", message: "api_key must be an id", details: ["api_key": text])
            }
            return id
        }
        var status: UsageEvent.Status?
        if let text = request.query("status") {
            guard let value = UsageEvent.Status(rawValue: text) else {
                throw LedgerError.badRequest(code: "INVALID_PARAMETERS", message: "status must be success or error", details: ["status": text])
            }
            status = value
        }
        return UsageRepository.Filter(
            from: try date("start_date"), to: try date("end_date"), providers: list("provider"), models: list("model"),
            endpoints: list("endpoint"), projects: list("project"), apiKeys: keys, status: status)
    }
}

public struct UsageRoutes: Sendable {
    let usage: UsageService
    let costs: CostService
    let coding: JSONCoding
    let batchLimit: Int

    public init(usage: UsageService, costs: CostService, batchLimit: Int, coding: JSONCoding = JSONCoding()) {
        self.usage = usage
        self.costs = costs
        self.batchLimit = batchLimit
        self.coding = coding
    }

    public func register(in api: inout APIRegistry) {
        api.route(.ingestUsage) { request, caller in
            let record = try request.input.record.record(coding: coding)
            let key = request.header("Idempotency-Key")
            if let key, key.isEmpty || key.count > 255 {
                throw LedgerError.badRequest(code: "INVALID_IDEMPOTENCY_KEY", message: "Idempotency-Key must be 1 to 255 characters")
            }
            switch try await usage.ingest(record, idempotencyKey: key.map { "key:\($0)" }, by: caller.principal) {
            case .accepted(let event): return UsageEventResponse(event)
            case .duplicate(let event): return UsageEventResponse(event, replayed: true)
            case .rejected(let error): throw error
            }
        }
        api.route(.ingestUsageBatch) { request, caller in
            let events = request.input.events
            guard events.count <= batchLimit else {
                throw LedgerError.validation([FieldIssue(field: "events", message: "at most \(batchLimit) records per batch")])
            }
            guard !events.isEmpty else { throw LedgerError.validation([FieldIssue(field: "events", message: "must not be empty")]) }
            var results = [BatchResultBody?](repeating: nil, count: events.count)
            var records: [UsageRecord] = []
            var positions: [Int] = []
            for (index, lenient) in events.enumerated() {
                do {
                    let record = try lenient.result.get().record(coding: coding)
                    records.append(record)
                    positions.append(index)
                } catch let issue as FieldIssue {
                    results[index] = Self.rejected(index, .validation([issue]), caller)
                } catch let error as LedgerError {
                    results[index] = Self.rejected(index, error, caller)
                }
            }
            let outcomes = try await usage.ingest(records, keys: records.map { $0.requestID.map { "request:\($0)" } }, by: caller.principal)
            for (index, outcome) in zip(positions, outcomes) {
                switch outcome {
                case .accepted(let event): results[index] = BatchResultBody(index: index, status: "accepted", id: event.id, error: nil)
                case .duplicate(let event): results[index] = BatchResultBody(index: index, status: "duplicate", id: event.id, error: nil)
                case .rejected(let error): results[index] = Self.rejected(index, error, caller)
                }
            }
            let all = results.compactMap { $0 }
            return IngestBatchResponse(
                accepted: all.count { $0.status == "accepted" }, duplicates: all.count { $0.status == "duplicate" },
                rejected: all.count { $0.status == "rejected" }, results: all)
        }
        api.route(.listUsage) { request, caller in
            let filter = try UsageQuery.filter(request)
            if try UsageQuery.wantsCSV(request) {
                return try await csv(caller.scope, filter)
            }
            if let page = try request.offsetPage() {
                let result = try await usage.page(caller.scope, filter: filter, page: page)
                return .json(UsageListResponse(
                    data: result.events.map(UsageEventBody.init), nextCursor: nil, pagination: PaginationBody(page, total: result.total)))
            }
            let page = try request.pageRequest()
            let events = try await usage.list(caller.scope, filter: filter, limit: page.limit, before: page.after)
            return .json(UsageListResponse(data: events.items.map(UsageEventBody.init), nextCursor: events.nextCursor))
        }
        api.route(.listLogs) { request, caller in
            let filter = try UsageQuery.filter(request)
            if try UsageQuery.wantsCSV(request) {
                return try await csv(caller.scope, filter)
            }
            let page = try request.offsetPage() ?? OffsetPage(page: 1, perPage: 50)
            let sortText = request.query("sort_by") ?? "timestamp"
            guard let sort = UsageRepository.SortKey(rawValue: sortText) else {
                throw LedgerError.badRequest(code: "INVALID_SORT", message: "sort_by cannot be '\(sortText)'", details: ["sort_by": sortText])
            }
            let descText = request.query("sort_desc") ?? "true"
            guard let descending = ["true": true, "false": false, "1": true, "0": false][descText] else {
                throw LedgerError.badRequest(code: "INVALID_SORT", message: "sort_desc must be true or false", details: ["sort_desc": descText])
            }
            let result = try await usage.page(
                caller.scope, filter: filter, sort: sort, descending: descending, offset: page.offset, limit: page.perPage)
            return .json(LogsResponse(
                logs: result.events.map(LogEntryBody.init), pagination: PaginationBody(page, total: result.total),
                filters: FiltersBody(
                    startDate: filter.from, endDate: filter.to, models: filter.models, endpoints: filter.endpoints,
                    providers: filter.providers)))
        }
        api.route(.deleteUsage) { request, caller in
            try await usage.delete(try request.id("id", of: "Usage event"), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.repriceUsage) { request, caller in
            RepriceResponse(try await usage.reprice(
                from: request.input.startDate, to: request.input.endDate, models: request.input.models ?? [],
                by: caller.principal, origin: caller.origin))
        }
        api.route(.usageStats) { request, caller in
            let filter = try UsageQuery.filter(request)
            let window = try CostService.Window(from: filter.from, to: filter.to)
            let byModel = try await costs.aggregate(caller.scope, groupBy: [.model], window: window, filter: filter)
            return UsageStatsResponse(
                startDate: window.from, endDate: window.to, totals: CostGroupBody(byModel.totals),
                topModels: byModel.groups.prefix(5).map(CostGroupBody.init))
        }
        api.route(.getUsage) { request, caller in
            UsageEventResponse(try await usage.get(caller.scope, id: try request.id("id", of: "Usage event")))
        }
    }

    /// The CSV download: pages of 1,000, the first fetched now.
    func csv<Body>(_ scope: TenantScope, _ filter: UsageRepository.Filter) async throws -> JSONOrCSV<Body> {
        let pages: @Sendable (PageCursor?) async throws -> Page<UsageEvent> = { [usage] cursor in
            try await usage.list(scope, filter: filter, limit: 1000, before: cursor)
        }
        return .csv(filename: UsageQuery.csvFilename(), first: try await pages(nil), pages: pages)
    }

    static func rejected(_ index: Int, _ error: LedgerError, _ caller: Caller) -> BatchResultBody {
        let problem = HTTPProblem(error)
        return BatchResultBody(
            index: index, status: "rejected", id: nil,
            error: .init(code: problem.code, message: problem.message, details: problem.details, requestID: caller.origin.requestID))
    }
}

extension UsageService {
    /// A numbered page of events, newest first, as `/usage` and `/costs` answer `page`/`per_page`.
    func page(_ scope: TenantScope, filter: UsageRepository.Filter, page: OffsetPage) async throws -> (events: [UsageEvent], total: Int) {
        try await self.page(scope, filter: filter, sort: .timestamp, descending: true, offset: page.offset, limit: page.perPage)
    }
}
