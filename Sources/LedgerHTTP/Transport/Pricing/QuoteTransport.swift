import Foundation
import LedgerCore
public import OpenAPIKit

/// A usage block as clients send it: the OpenAI shape (`prompt_tokens`, `completion_tokens`,
/// `total_tokens`, `cached_tokens`, `reasoning_tokens`) or the Anthropic shape
/// (`input_tokens`, `output_tokens`, `cache_read_input_tokens`,
/// `cache_creation_input_tokens`), plus units.
extension ReportedUsage {
    static var schema: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for key in Schemas.keys(of: ReportedUsage()) { properties[key] = count(key) }
        return .object(
            description: "Either the prompt_tokens/completion_tokens shape or the input_tokens/output_tokens shape; see docs/USAGE.md",
            properties: properties)
    }

    /// One count of the usage shapes, with its limit.
    static func count(_ key: String, description: String? = nil) -> JSONSchema {
        .integer(
            required: false, description: description, maximum: (Int(UsageLimits.maximum(forCount: key)), exclusive: false),
            minimum: (0, exclusive: false))
    }
}

/// Costs in nano-USD (exact integers) with the total also as a USD decimal string.
struct CostBody: Codable, Sendable {
    var inputUncachedNanos: Int64
    var cacheReadNanos: Int64
    var cacheWrite5mNanos: Int64
    var cacheWrite1hNanos: Int64
    var outputNanos: Int64
    var reasoningNanos: Int64
    var imagesNanos: Int64
    var audioNanos: Int64
    var requestsNanos: Int64
    var overageNanos: Int64
    var totalNanos: Int64
    var totalUSD: String
    var priceDefinitionID: PriceDefinitionID?
    var tier: String?

    init(_ cost: CostBreakdown) {
        inputUncachedNanos = cost.inputUncached
        cacheReadNanos = cost.cacheRead
        cacheWrite5mNanos = cost.cacheWrite5m
        cacheWrite1hNanos = cost.cacheWrite1h
        outputNanos = cost.output
        reasoningNanos = cost.reasoning
        imagesNanos = cost.images
        audioNanos = cost.audio
        requestsNanos = cost.requests
        overageNanos = cost.overage
        totalNanos = cost.total
        totalUSD = cost.total.usdString(decimals: 9)
        priceDefinitionID = cost.definitionID
        tier = cost.tier
    }

    static var schema: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for key in Schemas.keys(of: CostBody(CostBreakdown())) where key.hasSuffix("_nanos") {
            properties[key] = .integer(description: "nano-USD (1e-9 USD), rounded once, half-even")
        }
        properties["total_usd"] = .string(description: "USD with nine decimals")
        properties["price_definition_id"] = Schemas.optionalUUID
        properties["tier"] = .string(required: false)
        return .object(properties: properties)
    }
}

struct BucketsBody: Codable, Sendable {
    var inputUncached: Int64
    var cacheRead: Int64
    var cacheWrite5m: Int64
    var cacheWrite1h: Int64
    var output: Int64
    var reasoning: Int64
    var images: Int64
    var audioSeconds: Int64
    var requests: Int64

    init(_ buckets: UsageBuckets) {
        inputUncached = buckets.inputUncached
        cacheRead = buckets.cacheRead
        cacheWrite5m = buckets.cacheWrite5m
        cacheWrite1h = buckets.cacheWrite1h
        output = buckets.output
        reasoning = buckets.reasoning
        images = buckets.images
        audioSeconds = buckets.audioSeconds
        requests = buckets.requests
    }

    static var schema: JSONSchema {
        Schemas.uniform(
            BucketsBody(UsageBuckets()), each: .integer(minimum: (0, exclusive: false)),
            description: "Exclusive buckets: every token is counted once")
    }
}

public struct QuoteRequest: APISchema, APIInput {
    var provider: String?
    var model: String
    var usage: ReportedUsage
    var serviceTier: String?
    var at: Date?

    public static var schema: JSONSchema {
        .object(properties: [
            "provider": Schemas.optionalString, "model": .string, "usage": ReportedUsage.schema,
            "service_tier": Schemas.optionalString,
            "at": .string(format: .dateTime, required: false, description: "Price as of this time; default now"),
        ])
    }
    public static let samples = [
        QuoteRequest(
            provider: "openai", model: "gpt-4o-2024-08-06",
            usage: ReportedUsage(promptTokens: 1200, completionTokens: 300, totalTokens: 1500, cachedTokens: 1000), serviceTier: nil,
            at: nil)
    ]
}

public struct QuoteResponse: APISchema, APIOutput {
    var model: String
    var buckets: BucketsBody
    var cost: CostBody
    var priceDefinition: PriceDefinitionBody

    public static var schema: JSONSchema {
        .object(properties: [
            "model": .string, "buckets": BucketsBody.schema, "cost": CostBody.schema,
            "price_definition": PriceDefinitionBody.schema,
        ])
    }
    public static let samples = [
        QuoteResponse(
            model: "claude-sonnet-4", buckets: BucketsBody(UsageBuckets(inputUncached: 1000, output: 500)),
            cost: CostBody({ var cost = CostBreakdown(); cost.inputUncached = 3_000_000; cost.output = 7_500_000; return cost }()),
            priceDefinition: PriceDefinitionBody.sample)
    ]
}

extension CostBreakdown {
    /// The cost of the samples' usage: 200 uncached input, 1,000 cached and 300 output tokens of gpt-4o.
    static let sample = {
        var cost = CostBreakdown()
        cost.inputUncached = 500_000
        cost.cacheRead = 1_250_000
        cost.output = 3_000_000
        return cost
    }()
}
