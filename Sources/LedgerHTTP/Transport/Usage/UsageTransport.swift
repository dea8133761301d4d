import Foundation
import HTTPTypes
import Hummingbird
import LedgerAuth
import LedgerCore
import LedgerServices
public import OpenAPIKit

/// One usage record as integrations send it.
public struct UsageRecordBody: APISchema, APIInput {
    var timestamp: Date?
    var provider: String
    var model: String
    var endpoint: String?
    var project: String?
    var user: String?
    var serviceTier: String?
    var usage: ReportedUsage
    var latencyMs: Int?
    var timeToFirstTokenMs: Int?
    var status: UsageEvent.Status?
    var errorType: String?
    var requestID: String?
    var tags: [String]?
    var metadata: [String: JSONValue]?
    var reportedCostUSD: String?

    /// The record as the service takes it: usage normalised into buckets, the reported cost
    /// in nano-USD, and a digest of the body when a retry key names it (`keyed`, or a
    /// `request_id`). The service checks the rest.
    func record(keyed: Bool = false) throws(LedgerError) -> UsageRecord {
        var issues: [FieldIssue] = []
        let reportedNanos = reportedCostUSD.flatMap { NanoUSD(usdDecimal: $0) }
        if reportedCostUSD != nil, reportedNanos == nil {
            issues.append(FieldIssue(field: "reported_cost_usd", message: "must be a decimal string with at most 9 decimals"))
        }
        var buckets = UsageBuckets()
        do {
            buckets = try usage.normalized()
        } catch .validation(let found) {
            issues += found.map { FieldIssue(field: "usage.\($0.field)", message: $0.message) }
        }
        if !issues.isEmpty { throw .validation(issues) }
        var record = UsageRecord(
            occurredAt: timestamp ?? Date(), provider: provider, model: model, endpoint: endpoint, project: project,
            endUser: user, serviceTier: serviceTier, buckets: buckets, latencyMs: latencyMs,
            timeToFirstTokenMs: timeToFirstTokenMs, status: status ?? .success, errorType: errorType, requestID: requestID,
            tags: tags ?? [], metadata: metadata ?? [:], reportedCostNanos: reportedNanos)
        if keyed || requestID != nil { record.digest = (try? Self.digestEncoder.encode(self)).map(SecretDigest.sha256) }
        return record
    }

    /// Sorted keys, so the same record in another key order or spacing has the same digest.
    private static let digestEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    public static var schema: JSONSchema {
        .object(properties: [
            "timestamp": .string(format: .dateTime, required: false, description: "When the call happened; default now"),
            "provider": .string(maxLength: 100), "model": .string(maxLength: 200),
            "endpoint": .string(required: false, description: "Feature or endpoint name in your product"),
            "project": Schemas.optionalString, "user": .string(required: false, description: "End-user tag"),
            "service_tier": .string(required: false, description: "batch, priority, flex … selects tiered prices"),
            "usage": ReportedUsage.schema,
            "latency_ms": .integer(required: false, minimum: (0, exclusive: false)),
            "time_to_first_token_ms": .integer(required: false, minimum: (0, exclusive: false)),
            "status": Schemas.enumeration(UsageEvent.Status.self, required: false),
            "error_type": Schemas.optionalString,
            "request_id": .string(required: false, description: "Deduplicates retries: the same request_id is stored once"),
            "tags": .array(required: false, items: .string),
            "metadata": .object(required: false, description: "Free-form JSON, at most 8 KiB"),
            "reported_cost_usd": .string(
                required: false,
                description: "The cost your client computed, kept beside ours; analytics sum it when the organization's cost_source is reported"),
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = UsageRecordBody(
        timestamp: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4o", endpoint: "chat-assistant",
        project: "web", user: "u-42", serviceTier: nil,
        usage: ReportedUsage(promptTokens: 1200, completionTokens: 300, totalTokens: 1500, cachedTokens: 1000), latencyMs: 2100,
        timeToFirstTokenMs: 350, status: .success, errorType: nil, requestID: "req-8f2c", tags: ["beta"],
        metadata: ["conversation": .string("c-1")], reportedCostUSD: nil)
}

public struct UsageEventBody: APISchema, APIOutput {
    var id: UsageEventID
    var timestamp: Date
    var receivedAt: Date
    var provider: String
    var model: String
    var endpoint: String?
    var project: String?
    var user: String?
    var apiKeyID: APIKeyID?
    var serviceTier: String?
    var buckets: BucketsBody
    var latencyMs: Int?
    var timeToFirstTokenMs: Int?
    var status: UsageEvent.Status
    var errorType: String?
    var requestID: String?
    var tags: [String]
    var metadata: [String: JSONValue]
    var priced: Bool
    var cost: CostBody?
    var reportedCostUSD: String?

    init(_ event: UsageEvent) {
        id = event.id
        timestamp = event.occurredAt
        receivedAt = event.receivedAt
        provider = event.provider
        model = event.model
        endpoint = event.endpoint
        project = event.project
        user = event.endUser
        apiKeyID = event.apiKeyID
        serviceTier = event.serviceTier
        buckets = BucketsBody(event.buckets)
        latencyMs = event.latencyMs
        timeToFirstTokenMs = event.timeToFirstTokenMs
        status = event.status
        errorType = event.errorType
        requestID = event.requestID
        tags = event.tags
        metadata = event.metadata
        priced = event.cost != nil
        cost = event.cost.map(CostBody.init)
        reportedCostUSD = event.reportedCostNanos?.usdString(decimals: 9)
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "timestamp": Schemas.dateTime, "received_at": Schemas.dateTime, "provider": .string,
            "model": .string, "endpoint": Schemas.optionalString, "project": Schemas.optionalString, "user": Schemas.optionalString,
            "api_key_id": Schemas.optionalUUID, "service_tier": Schemas.optionalString, "buckets": BucketsBody.schema,
            "latency_ms": .integer(required: false), "time_to_first_token_ms": .integer(required: false),
            "status": Schemas.enumeration(UsageEvent.Status.self), "error_type": Schemas.optionalString,
            "request_id": Schemas.optionalString, "tags": .array(items: .string), "metadata": .object,
            "priced": .boolean(description: "false: no price was in effect for the model at its time (re-pricing fixes it)"),
            "cost": CostBody.schema.optionalSchemaObject(), "reported_cost_usd": Schemas.optionalString,
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = UsageEventBody(UsageEvent(
        id: UsageEventID("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")!, orgID: OrganizationBody.sample.id,
        receivedAt: Date(timeIntervalSince1970: 1_790_000_001),
        record: UsageRecord(
            occurredAt: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4o", endpoint: "chat-assistant",
            project: "web", endUser: "u-42", buckets: UsageBuckets(inputUncached: 200, cacheRead: 1000, output: 300),
            latencyMs: 2100, timeToFirstTokenMs: 350, requestID: "req-8f2c", tags: ["beta"]),
        cost: CostBreakdown.sample))
}

public struct RepriceRequest: APISchema, APIInput {
    var startDate: Date
    var endDate: Date
    var models: [String]?

    public static var schema: JSONSchema {
        .object(properties: [
            "start_date": Schemas.dateTime, "end_date": Schemas.dateTime,
            "models": .array(required: false, description: "Only these models; default all", items: .string),
        ])
    }
    public static let samples = [
        RepriceRequest(startDate: Date(timeIntervalSince1970: 1_790_000_000), endDate: Date(timeIntervalSince1970: 1_790_086_400), models: ["in-house-llm"])
    ]
}

public struct RepriceResponse: APISchema, APIOutput {
    var events: Int
    var changed: Int
    var newlyPriced: Int
    var stillUnpriced: Int
    var outOfRange: Int
    var beforeUSD: String
    var afterUSD: String

    init(_ summary: RepricingSummary) {
        events = summary.events
        changed = summary.changed
        newlyPriced = summary.newlyPriced
        stillUnpriced = summary.stillUnpriced
        outOfRange = summary.outOfRange
        beforeUSD = summary.beforeNanos.usdString(decimals: 9)
        afterUSD = summary.afterNanos.usdString(decimals: 9)
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "events": .integer, "changed": .integer, "newly_priced": .integer, "still_unpriced": .integer,
            "out_of_range": .integer(description: "Events the catalog now in effect would price above the per-record maximum; they keep their cost"),
            "before_usd": .string, "after_usd": .string,
        ])
    }
    public static let samples: [Self] = {
        var summary = RepricingSummary()
        (summary.events, summary.changed, summary.newlyPriced, summary.stillUnpriced, summary.afterNanos) = (3, 2, 2, 1, 7_000_000)
        return [RepriceResponse(summary)]
    }()
}

public struct UsageStatsResponse: APISchema, APIOutput {
    var startDate: Date
    var endDate: Date
    var totals: CostGroupBody
    var topModels: [CostGroupBody]

    public static var schema: JSONSchema {
        .object(properties: [
            "start_date": Schemas.dateTime, "end_date": Schemas.dateTime, "totals": CostGroupBody.schema,
            "top_models": .array(description: "The five costliest models", items: CostGroupBody.schema),
        ])
    }
    public static let samples = [
        UsageStatsResponse(
            startDate: Date(timeIntervalSince1970: 1_790_000_000), endDate: Date(timeIntervalSince1970: 1_792_592_000),
            totals: CostAggregateResponse.sampleGroup, topModels: [CostAggregateResponse.sampleGroup])
    ]
}
