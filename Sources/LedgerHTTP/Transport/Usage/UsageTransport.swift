import Foundation
import HTTPTypes
import Hummingbird
import LedgerAuth
package import LedgerCore
import LedgerServices
import NIOFoundationCompat
public import OpenAPIKit

/// One usage record as integrations send it: the documented fields, and the same record as
/// the seed products send it — token counts at the top level (LLM Cost Ops, LLMScope) or in
/// camelCase (Cost Katana, with `service`, `projectId`, `responseTime` and `cost`), and the
/// `organization_id` LLM Cost Ops names, which must be the caller's.
public struct UsageRecordBody: APISchema, APIInput, SharedObjectViews {
    struct Fields: Codable, Sendable {
        var timestamp: Date?
        var provider: String?
        var model: String
        var endpoint: String?
        var project: String?
        var user: String?
        var serviceTier: String?
        var usage: ReportedUsage?
        /// Milliseconds; a fraction (LLMScope sends `1200.5`) is rounded half-even.
        var latencyMs: Decimal?
        var timeToFirstTokenMs: Decimal?
        var status: UsageEvent.Status?
        var errorType: String?
        var requestID: String?
        var tags: [String]?
        var metadata: [String: JSONValue]?
        var reportedCostUSD: String?
        var organizationID: String?
    }

    /// Cost Katana's names for documented fields.
    struct Aliases: Codable, Sendable {
        var service: String?
        var projectId: String?
        var responseTime: Decimal?
        /// USD as a JSON number.
        var cost: Decimal?
    }

    var fields: Fields
    /// Token counts at the top level of the record.
    var flat: ReportedUsage
    var aliases: Aliases

    init(_ fields: Fields) {
        self.fields = fields
        flat = ReportedUsage()
        aliases = Aliases()
    }

    var views: [Any] { [fields, flat, aliases] }

    /// The three views read the same object; each ignores the others' keys.
    public init(from decoder: any Decoder) throws {
        fields = try Fields(from: decoder)
        flat = try ReportedUsage(from: decoder)
        aliases = try Aliases(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
        try flat.encode(to: encoder)
        try aliases.encode(to: encoder)
    }

    /// The record as the service takes it: usage normalised into buckets, the reported cost
    /// in nano-USD, and a digest of the body when a retry key names it (`keyed`, or a
    /// `request_id`). The service checks the rest.
    package func record(keyed: Bool = false) throws(LedgerError) -> UsageRecord {
        var issues: [FieldIssue] = []
        let provider = fields.provider ?? aliases.service
        if provider == nil { issues.append(FieldIssue(field: "provider", message: "is required")) }
        var reportedNanos: NanoUSD?
        switch (fields.reportedCostUSD, aliases.cost) {
        case (let text?, nil):
            reportedNanos = NanoUSD(usdDecimal: text)
            if reportedNanos == nil {
                issues.append(FieldIssue(field: "reported_cost_usd", message: "must be a decimal string with at most 9 decimals"))
            }
        case (nil, let usd?):
            reportedNanos = Self.whole(usd * 1_000_000_000, atMost: UsageLimits.maximumCostNanos)
            if reportedNanos == nil { issues.append(FieldIssue(field: "cost", message: "must be from 0 to 1000000 USD")) }
        case (_?, _?):
            issues.append(FieldIssue(field: "cost", message: "send reported_cost_usd or cost, not both"))
        case (nil, nil):
            break
        }
        var milliseconds: [Int?] = []
        for (field, value) in [("latency_ms", fields.latencyMs ?? aliases.responseTime), ("time_to_first_token_ms", fields.timeToFirstTokenMs)] {
            let whole = value.flatMap { Self.whole($0, atMost: Int64(UsageLimits.maximumMilliseconds)) }
            if value != nil, whole == nil {
                issues.append(FieldIssue(field: field, message: "must be from 0 to \(UsageLimits.maximumMilliseconds)"))
            }
            milliseconds.append(whole.map(Int.init))
        }
        let hasFlatCounts = flat != ReportedUsage()
        var buckets = UsageBuckets()
        switch (fields.usage, hasFlatCounts) {
        case (_?, true):
            issues.append(FieldIssue(field: "usage", message: "send token counts in usage or at the top level, not both"))
        case (nil, false):
            issues.append(FieldIssue(field: "usage", message: "is required: token counts in usage or at the top level"))
        case (let usage, _):
            do {
                buckets = try (usage ?? flat).normalized()
            } catch .validation(let found) {
                issues += found.map { FieldIssue(field: usage == nil ? $0.field : "usage.\($0.field)", message: $0.message) }
            }
        }
        if !issues.isEmpty { throw .validation(issues) }
        var record = UsageRecord(
            occurredAt: fields.timestamp ?? Date(), provider: provider!, model: fields.model, endpoint: fields.endpoint,
            project: fields.project ?? aliases.projectId, endUser: fields.user, serviceTier: fields.serviceTier, buckets: buckets,
            latencyMs: milliseconds[0], timeToFirstTokenMs: milliseconds[1], status: fields.status ?? .success,
            errorType: fields.errorType, requestID: fields.requestID, tags: fields.tags ?? [], metadata: fields.metadata ?? [:],
            reportedCostNanos: reportedNanos)
        record.statedOrganization = fields.organizationID
        if keyed || fields.requestID != nil { record.digest = (try? Self.digestEncoder.encode(self)).map { SecretDigest.sha256(Data(buffer: $0)) } }
        return record
    }

    /// `value` rounded half-even to a whole number in 0...`maximum`, or nil.
    static func whole(_ value: Decimal, atMost maximum: Int64) -> Int64? {
        guard value >= 0, value <= Decimal(maximum) else { return nil }
        return NSDecimalNumber(decimal: value.rounded()).int64Value
    }

    /// Sorted keys, so the same record in another key order or spacing has the same digest.
    /// Otherwise Foundation's defaults, which the digests stored so far were made with, written
    /// by the API's own encoder: it runs on every keyed ingest, and Foundation's took a third
    /// more time.
    static let digestEncoder = APIJSONEncoder(rules: .foundationDefaults, leaves: digestLeaves)

    /// What `digestEncoder` must write, byte for byte: Foundation's encoder with sorted keys.
    static let digestLeaves: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    public static var schema: JSONSchema {
        let milliseconds = JSONSchema.number(
            required: false, maximum: (Double(UsageLimits.maximumMilliseconds), exclusive: false), minimum: (0, exclusive: false))
        var properties: OrderedDictionary<String, JSONSchema> = [
            "timestamp": .string(format: .dateTime, required: false, description: "When the call happened; default now"),
            "provider": .string(description: "openai, anthropic …; `service` is accepted as another name", maxLength: 100),
            "model": .string(maxLength: 200),
            "endpoint": .string(required: false, description: "Feature or endpoint name in your product"),
            "project": .string(required: false, description: "`projectId` is accepted as another name"),
            "user": .string(required: false, description: "End-user tag"),
            "service_tier": .string(required: false, description: "batch, priority, flex … selects tiered prices"),
            "usage": ReportedUsage.schema.optionalSchemaObject(),
            "latency_ms": milliseconds.with(description: "Milliseconds, fractions rounded; `responseTime` is accepted as another name"),
            "time_to_first_token_ms": milliseconds,
            "status": Schemas.enumeration(UsageEvent.Status.self, required: false),
            "error_type": Schemas.optionalString,
            "request_id": .string(required: false, description: "Deduplicates retries: the same request_id is stored once"),
            "tags": .array(required: false, items: .string),
            "metadata": .object(required: false, description: "Free-form JSON, at most 8 KiB"),
            "reported_cost_usd": .string(
                required: false,
                description: "The cost your client computed, kept beside ours; analytics sum it when the organization's cost_source is reported. `cost` (a JSON number of USD) is accepted instead"),
            "organization_id": .string(
                required: false, description: "Optional; must be the caller's organization (its id or slug), else 422"),
        ]
        // The same counts are accepted at the top level, instead of a usage object.
        for key in Schemas.keys(of: ReportedUsage()) {
            properties[key] = ReportedUsage.count(key, description: "Instead of usage.\(key)")
        }
        return .object(
            description: "Token counts go in `usage` or at the top level of the record (not both)", properties: properties)
    }

    public static var samples: [Self] { [sample] }
    static let sample = UsageRecordBody(Fields(
        timestamp: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4o", endpoint: "chat-assistant",
        project: "web", user: "u-42", serviceTier: nil,
        usage: ReportedUsage(promptTokens: 1200, completionTokens: 300, totalTokens: 1500, cachedTokens: 1000), latencyMs: 2100,
        timeToFirstTokenMs: 350, status: .success, errorType: nil, requestID: "req-8f2c", tags: ["beta"],
        metadata: ["conversation": .string("c-1")], reportedCostUSD: nil, organizationID: nil))
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
    static let sample = UsageEventBody(sampleEvent)
    static let sampleEvent = UsageEvent(
        id: UsageEventID("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")!, orgID: OrganizationBody.sample.id,
        receivedAt: Date(timeIntervalSince1970: 1_790_000_001),
        record: UsageRecord(
            occurredAt: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4o", endpoint: "chat-assistant",
            project: "web", endUser: "u-42", buckets: UsageBuckets(inputUncached: 200, cacheRead: 1000, output: 300),
            latencyMs: 2100, timeToFirstTokenMs: 350, requestID: "req-8f2c", tags: ["beta"]),
        cost: CostBreakdown.sample)
}

/// The short answer to an ingest (`Prefer: return=minimal`): the event's id and its cost.
public struct UsageReceiptBody: APISchema, APIOutput {
    var id: UsageEventID
    var priced: Bool
    var totalNanos: Int64?
    var totalUSD: String?

    init(_ event: UsageEvent) {
        id = event.id
        priced = event.cost != nil
        totalNanos = event.cost?.total
        totalUSD = event.cost?.total.usdString(decimals: 9)
    }

    public static var schemaName: String { "UsageReceipt" }
    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "priced": .boolean, "total_nanos": .integer(required: false, nullable: true),
            "total_usd": Schemas.optionalString,
        ])
    }
    public static var samples: [Self] { [Self(UsageEventBody.sampleEvent)] }
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
