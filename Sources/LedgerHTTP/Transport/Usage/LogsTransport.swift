import Foundation
public import HTTPTypes
public import Hummingbird
public import LedgerCore
import NIOCore
public import OpenAPIKit

/// One log line in the Token Optimizer shape. `prompt_tokens` counts every input bucket,
/// `completion_tokens` output and reasoning; costs are exact decimals of USD.
struct LogEntryBody: Codable, Sendable {
    var timestamp: Date
    var model: String
    var endpoint: String?
    var promptTokens: Int64
    var completionTokens: Int64
    var totalTokens: Int64
    var inputCost: Decimal
    var outputCost: Decimal
    var totalCost: Decimal
    var latencyMs: Int?
    var apiProvider: String

    struct Nanos {
        var input: NanoUSD
        var output: NanoUSD
        var total: NanoUSD
    }

    static func nanos(_ event: UsageEvent) -> Nanos {
        let cost = event.cost ?? CostBreakdown()
        let input = cost.inputUncached + cost.cacheRead + cost.cacheWrite5m + cost.cacheWrite1h
        let output = cost.output + cost.reasoning
        return Nanos(input: input, output: output, total: cost.total)
    }

    init(_ event: UsageEvent) {
        let nanos = Self.nanos(event)
        timestamp = event.occurredAt
        model = event.model
        endpoint = event.endpoint
        promptTokens = event.buckets.totalInput
        completionTokens = event.buckets.totalOutput
        totalTokens = event.buckets.totalTokens
        inputCost = Decimal(nanos.input) / 1_000_000_000
        outputCost = Decimal(nanos.output) / 1_000_000_000
        totalCost = Decimal(nanos.total) / 1_000_000_000
        latencyMs = event.latencyMs
        apiProvider = event.provider
    }

    static var schema: JSONSchema {
        .object(properties: [
            "timestamp": Schemas.dateTime, "model": .string, "endpoint": Schemas.optionalString, "prompt_tokens": .integer,
            "completion_tokens": .integer, "total_tokens": .integer, "input_cost": .number, "output_cost": .number,
            "total_cost": .number, "latency_ms": .integer(required: false), "api_provider": .string,
        ])
    }

    /// The CSV header, in the documented order.
    static let csvHeader = "timestamp,model,endpoint,prompt_tokens,completion_tokens,total_tokens,input_cost,output_cost,total_cost,latency_ms,api_provider\r\n"

    /// One RFC 4180 line: text fields quoted (quotes doubled), costs with six decimals.
    static func csvLine(_ event: UsageEvent) -> String {
        func quoted(_ text: String?) -> String { "\"" + (text ?? "").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let nanos = Self.nanos(event)
        return [
            quoted(JSONCoding.formatDate(event.occurredAt)), quoted(event.model), quoted(event.endpoint),
            String(event.buckets.totalInput), String(event.buckets.totalOutput), String(event.buckets.totalTokens),
            nanos.input.usdString(), nanos.output.usdString(), nanos.total.usdString(),
            event.latencyMs.map(String.init) ?? "", quoted(event.provider),
        ].joined(separator: ",") + "\r\n"
    }
}

struct PaginationBody: Codable, Sendable {
    var currentPage: Int
    var totalPages: Int
    var totalItems: Int
    var perPage: Int

    init<Item>(_ result: NumberedPage<Item>) {
        currentPage = result.page.page
        totalPages = result.totalPages
        totalItems = result.total
        perPage = result.page.perPage
    }

    static var schema: JSONSchema {
        .object(properties: ["current_page": .integer, "total_pages": .integer, "total_items": .integer, "per_page": .integer])
    }
}

struct FiltersBody: Codable, Sendable {
    var startDate: Date?
    var endDate: Date?
    var models: [String]
    var endpoints: [String]
    var providers: [String]

    static var schema: JSONSchema {
        .object(properties: [
            "start_date": Schemas.optionalDateTime, "end_date": Schemas.optionalDateTime, "models": .array(items: .string),
            "endpoints": .array(items: .string), "providers": .array(items: .string),
        ])
    }
}

public struct LogsResponse: APISchema, Sendable {
    var logs: [LogEntryBody]
    var pagination: PaginationBody
    var filters: FiltersBody

    public static var schema: JSONSchema {
        .object(properties: ["logs": .array(items: LogEntryBody.schema), "pagination": PaginationBody.schema, "filters": FiltersBody.schema])
    }
    public static let samples = [
        LogsResponse(
            logs: [LogEntryBody(UsageEvent(
                id: UsageEventID(), orgID: OrgID(), receivedAt: Date(timeIntervalSince1970: 1_790_000_000),
                record: UsageRecord(
                    occurredAt: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4",
                    endpoint: "chat-assistant", buckets: UsageBuckets(inputUncached: 100, output: 50), latencyMs: 2100),
                cost: { var cost = CostBreakdown(); cost.inputUncached = 100_000_000; cost.output = 50_000_000; return cost }()))],
            pagination: PaginationBody(NumberedPage<Int>(items: [1], page: .first, total: 1)),
            filters: FiltersBody(startDate: nil, endDate: nil, models: ["gpt-4"], endpoints: [], providers: []))
    ]
}

/// A usage listing as JSON, or (`format=csv`) the same rows as a streamed CSV download.
public enum JSONOrCSV<Body: APISchema>: APIOutput {
    case json(Body)
    /// The first page (fetched before the answer starts, so a bad query is still a clean 4xx)
    /// and the pages after it, fetched while the body is written.
    case csv(filename: String, first: Page<UsageEvent>, pages: @Sendable (PageCursor?) async throws -> Page<UsageEvent>)

    public static var contentType: String { "application/json" }
    public static var responseSchemas: [any APISchema.Type] { [Body.self] }
    public static var rawSchema: JSONSchema { Body.schema }
    public static var otherContentTypes: [(type: String, schema: JSONSchema)] {
        [("text/csv", .string(description: "With format=csv: a header line, then one line per event"))]
    }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        switch self {
        case .json(let body):
            return Response(
                status: status, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: try coding.encode(body)))
        case .csv(let filename, let first, let pages):
            return Response(
                status: status,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: LogEntryBody.csvHeader))
                    var page = first
                    while true {
                        try await writer.write(ByteBuffer(string: page.items.map(LogEntryBody.csvLine).joined()))
                        guard let next = try page.nextCursor.map({ try PageCursor(decoding: $0) }) else { break }
                        page = try await pages(next)
                    }
                    try await writer.finish(nil)
                })
        }
    }
}
