import Foundation
import LedgerCore
public import OpenAPIKit

/// The cost record of one event: its buckets, each bucket's cost, and what priced it.
public struct CostRecordBody: APISchema, APIOutput {
    var eventID: UsageEventID
    var timestamp: Date
    var provider: String
    var model: String
    var buckets: BucketsBody
    var priced: Bool
    var cost: CostBody?
    var reportedCostUSD: String?

    init(_ event: UsageEvent) {
        eventID = event.id
        timestamp = event.occurredAt
        provider = event.provider
        model = event.model
        buckets = BucketsBody(event.buckets)
        priced = event.cost != nil
        cost = event.cost.map(CostBody.init)
        reportedCostUSD = event.reportedCostNanos?.usdString(decimals: 9)
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "event_id": Schemas.uuid, "timestamp": Schemas.dateTime, "provider": .string, "model": .string,
            "buckets": BucketsBody.schema, "priced": .boolean, "cost": CostBody.schema.optionalSchemaObject(),
            "reported_cost_usd": Schemas.optionalString,
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = CostRecordBody(UsageEvent(
        id: UsageEventBody.sample.id, orgID: OrganizationBody.sample.id, receivedAt: Date(timeIntervalSince1970: 1_790_000_000),
        record: UsageRecord(
            occurredAt: Date(timeIntervalSince1970: 1_790_000_000), provider: "openai", model: "gpt-4o",
            buckets: UsageBuckets(inputUncached: 200, cacheRead: 1000, output: 300), reportedCostNanos: 4_800_000),
        cost: CostBreakdown.sample))
}

