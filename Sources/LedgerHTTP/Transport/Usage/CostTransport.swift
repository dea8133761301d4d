import Foundation
import LedgerCore
public import OpenAPIKit

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
    var latencyP50Ms: Double?
    var latencyP95Ms: Double?
    var latencyP99Ms: Double?

    init(_ totals: UsageTotals) {
        group = Dictionary(uniqueKeysWithValues: totals.group.map { ($0.key.rawValue, $0.value) })
        requests = totals.requests
        errors = totals.errors
        unpriced = totals.unpriced
        inputTokens = totals.inputTokens
        outputTokens = totals.outputTokens
        costNanos = totals.costNanos
        costUSD = totals.costNanos.usdString(decimals: 9)
        averageLatencyMs = totals.averageLatencyMs
        latencyP50Ms = totals.latency.percentile(0.50)
        latencyP95Ms = totals.latency.percentile(0.95)
        latencyP99Ms = totals.latency.percentile(0.99)
    }

    static let percentileNote = "Estimated from the rollups' latency histogram (see docs/USAGE.md)"

    static var schema: JSONSchema {
        .object(properties: [
            "group": .object(description: "The values of the group_by dimensions"), "requests": .integer, "errors": .integer,
            "unpriced": .integer, "input_tokens": .integer, "output_tokens": .integer, "cost_nanos": .integer,
            "cost_usd": .string, "average_latency_ms": .number(required: false),
            "latency_p50_ms": .number(required: false, description: Self.percentileNote),
            "latency_p95_ms": .number(required: false, description: Self.percentileNote),
            "latency_p99_ms": .number(required: false, description: Self.percentileNote),
        ])
    }
}

public struct CostAggregateResponse: APISchema, APIOutput {
    var startDate: Date
    var endDate: Date
    var groupBy: [String]
    var costSource: String
    var totals: CostGroupBody
    var groups: [CostGroupBody]

    init(_ aggregate: CostAggregate) {
        self.init(
            startDate: aggregate.window.start, endDate: aggregate.window.end, groupBy: aggregate.groupBy.map(\.rawValue),
            costSource: aggregate.costSource.rawValue, totals: CostGroupBody(aggregate.totals),
            groups: aggregate.groups.map(CostGroupBody.init))
    }

    init(startDate: Date, endDate: Date, groupBy: [String], costSource: String, totals: CostGroupBody, groups: [CostGroupBody]) {
        self.startDate = startDate
        self.endDate = endDate
        self.groupBy = groupBy
        self.costSource = costSource
        self.totals = totals
        self.groups = groups
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "start_date": Schemas.dateTime, "end_date": Schemas.dateTime, "group_by": .array(items: .string),
            "cost_source": Schemas.enumeration(CostSource.self),
            "totals": CostGroupBody.schema, "groups": .array(items: CostGroupBody.schema),
        ])
    }
    static let sampleGroup: CostGroupBody = {
        var totals = UsageTotals(group: [.model: "gpt-4o"])
        totals.requests = 10
        totals.errors = 1
        totals.inputTokens = 12000
        totals.outputTokens = 3000
        totals.costNanos = 47_500_000
        totals.latencySumMs = 21000
        totals.latencyCount = 10
        totals.latency.record(1800, count: 6)
        totals.latency.record(2600, count: 4)
        return CostGroupBody(totals)
    }()
    public static let samples = [
        CostAggregateResponse(
            startDate: Date(timeIntervalSince1970: 1_790_000_000), endDate: Date(timeIntervalSince1970: 1_792_592_000),
            groupBy: ["model"], costSource: "computed", totals: sampleGroup, groups: [sampleGroup])
    ]
}

public struct CostTrendResponse: APISchema, APIOutput {
    struct Bucket: Codable, Sendable {
        var timestamp: Date
        var requestCount: Int64
        var totalTokens: Int64
        var costNanos: Int64
        var totalCost: String

    }

    var granularity: String
    var timeZone: String
    var costSource: String
    var trends: [Bucket]

    init(_ trend: CostTrend) {
        self.init(
            granularity: trend.granularity.rawValue, timeZone: trend.timeZone, costSource: trend.costSource.rawValue,
            trends: trend.buckets.map {
                Bucket(timestamp: $0.start, requestCount: $0.requests, totalTokens: $0.tokens, costNanos: $0.costNanos,
                       totalCost: $0.costNanos.usdString())
            })
    }

    init(granularity: String, timeZone: String, costSource: String, trends: [Bucket]) {
        self.granularity = granularity
        self.timeZone = timeZone
        self.costSource = costSource
        self.trends = trends
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "granularity": Schemas.enumeration(Granularity.self),
            "time_zone": .string(description: "Buckets start at midnight (etc.) in the organization's time zone"),
            "cost_source": Schemas.enumeration(CostSource.self),
            "trends": .array(items: .object(properties: [
                "timestamp": Schemas.dateTime, "request_count": .integer, "total_tokens": .integer,
                "cost_nanos": .integer, "total_cost": .string(description: "USD, six decimals"),
            ])),
        ])
    }
    public static let samples = [
        CostTrendResponse(
            granularity: "day", timeZone: "Europe/Paris", costSource: "computed",
            trends: [Bucket(timestamp: Date(timeIntervalSince1970: 1_789_945_200), requestCount: 100, totalTokens: 50000,
                            costNanos: 7_500_000_000, totalCost: "7.500000")])
    ]
}
