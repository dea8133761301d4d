import Foundation
import LedgerCore
import LedgerStore
import OpenAPIKit

struct CostGroupBody: Codable, Sendable {
    var group: [String: String]
    var requests: Int64
    var errors: Int64
    var unpriced: Int64
    var inputTokens: Int64
    var outputTokens: Int64
    var costNanos: Int64
    var costUSD: String
    var averageLatencyMs: Double?

    enum CodingKeys: String, CodingKey {
        case group, requests, errors, unpriced
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case costNanos = "cost_nanos"
        case costUSD = "cost_usd"
        case averageLatencyMs = "average_latency_ms"
    }

    init(_ totals: RollupRepository.Totals) {
        group = Dictionary(uniqueKeysWithValues: totals.group.map { ($0.key.rawValue, $0.value) })
        requests = totals.requests
        errors = totals.errors
        unpriced = totals.unpriced
        inputTokens = totals.inputTokens
        outputTokens = totals.outputTokens
        costNanos = totals.costNanos
        costUSD = totals.costNanos.usdString(decimals: 9)
        averageLatencyMs = totals.averageLatencyMs
    }

    static var schema: JSONSchema {
        .object(properties: [
            "group": .object(description: "The values of the group_by dimensions"), "requests": .integer, "errors": .integer,
            "unpriced": .integer, "input_tokens": .integer, "output_tokens": .integer, "cost_nanos": .integer,
            "cost_usd": .string, "average_latency_ms": .number(required: false),
        ])
    }
}

public struct CostAggregateResponse: APISchema, APIOutput {
    var startDate: Date
    var endDate: Date
    var groupBy: [String]
    var totals: CostGroupBody
    var groups: [CostGroupBody]

    enum CodingKeys: String, CodingKey {
        case totals, groups
        case startDate = "start_date"
        case endDate = "end_date"
        case groupBy = "group_by"
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "start_date": Schemas.dateTime, "end_date": Schemas.dateTime, "group_by": .array(items: .string),
            "totals": CostGroupBody.schema, "groups": .array(items: CostGroupBody.schema),
        ])
    }
    static let sampleGroup = CostGroupBody(RollupRepository.Totals(
        group: [.model: "gpt-4o"], requests: 10, errors: 1, unpriced: 0, inputTokens: 12000, outputTokens: 3000,
        costNanos: 47_500_000, averageLatencyMs: 2100))
    public static let samples = [
        CostAggregateResponse(
            startDate: Date(timeIntervalSince1970: 1_790_000_000), endDate: Date(timeIntervalSince1970: 1_792_592_000),
            groupBy: ["model"], totals: sampleGroup, groups: [sampleGroup])
    ]
}

public struct CostTrendResponse: APISchema, APIOutput {
    struct Bucket: Codable, Sendable {
        var timestamp: Date
        var requestCount: Int64
        var totalTokens: Int64
        var costNanos: Int64
        var totalCost: String

        enum CodingKeys: String, CodingKey {
            case timestamp
            case requestCount = "request_count"
            case totalTokens = "total_tokens"
            case costNanos = "cost_nanos"
            case totalCost = "total_cost"
        }
    }

    var granularity: String
    var timeZone: String
    var trends: [Bucket]

    enum CodingKeys: String, CodingKey {
        case granularity, trends
        case timeZone = "time_zone"
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "granularity": Schemas.enumeration(RollupRepository.Granularity.self),
            "time_zone": .string(description: "Buckets start at midnight (etc.) in the organization's time zone"),
            "trends": .array(items: .object(properties: [
                "timestamp": Schemas.dateTime, "request_count": .integer, "total_tokens": .integer,
                "cost_nanos": .integer, "total_cost": .string(description: "USD, six decimals"),
            ])),
        ])
    }
    public static let samples = [
        CostTrendResponse(
            granularity: "day", timeZone: "Europe/Paris",
            trends: [Bucket(timestamp: Date(timeIntervalSince1970: 1_789_945_200), requestCount: 100, totalTokens: 50000,
                            costNanos: 7_500_000_000, totalCost: "7.500000")])
    ]
}
