import Foundation
import LedgerCore
import PostgresNIO

/// One column of `usage_events` as inserts write it and reads select it.
struct UsageEventColumn: Sendable {
    let name: String
    /// The bound value's SQL type.
    let type: String
    /// What the inserted value is, `#` standing for the bound one (`NULLIF(#, '')`).
    let expression: String
    /// What a read selects.
    let read: String
    let bindOne: @Sendable (inout PostgresBindings, UsageEvent) -> Void
    let bindAll: @Sendable (inout PostgresBindings, [UsageEvent]) -> Void

    static func value<Value: PostgresNonThrowingEncodable & PostgresArrayEncodable & Sendable>(
        _ name: String, _ type: String, expression: String = "#", read: String? = nil,
        _ value: @escaping @Sendable (UsageEvent) -> Value
    ) -> Self {
        Self(
            name: name, type: type, expression: expression, read: read ?? "e.\(name)",
            bindOne: { binds, event in binds.append(value(event)) },
            bindAll: { binds, events in binds.append(events.map(value)) })
    }

    /// A nullable column. Arrays cannot carry NULL here, so an absent value travels as `none`
    /// and the statement turns it back into NULL.
    static func optional<Value: PostgresNonThrowingEncodable & PostgresArrayEncodable & Sendable>(
        _ name: String, _ type: String, none: Value, noneSQL: String, _ value: @escaping @Sendable (UsageEvent) -> Value?
    ) -> Self {
        Self.value(name, type, expression: "NULLIF(#, \(noneSQL))") { value($0) ?? none }
    }

    static func text(_ name: String, _ value: @escaping @Sendable (UsageEvent) -> String?) -> Self {
        optional(name, "text", none: "", noneSQL: "''", value)
    }

    static func bigint(_ name: String, _ value: @escaping @Sendable (UsageEvent) -> Int64) -> Self {
        Self.value(name, "bigint", value)
    }
}

/// The one list of `usage_events`' columns: a new field is one line here and one in
/// `UsageRepository.event(_:)`.
enum UsageEventColumns {
    static let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static let all: [UsageEventColumn] = [
        .value("org_id", "uuid") { $0.orgID.uuid },
        .value("occurred_at", "timestamptz") { $0.occurredAt },
        .value("id", "uuid") { $0.id.uuid },
        .value("received_at", "timestamptz") { $0.receivedAt },
        .value("provider", "text") { $0.provider },
        .value("model", "text") { $0.model },
        .text("endpoint") { $0.endpoint },
        .text("project") { $0.project },
        .text("end_user") { $0.endUser },
        .optional("api_key_id", "uuid", none: none, noneSQL: "'\(none)'::uuid") { $0.apiKeyID?.uuid },
        .text("service_tier") { $0.serviceTier },
        .bigint("input_uncached") { $0.buckets.inputUncached },
        .bigint("cache_read") { $0.buckets.cacheRead },
        .bigint("cache_write_5m") { $0.buckets.cacheWrite5m },
        .bigint("cache_write_1h") { $0.buckets.cacheWrite1h },
        .bigint("output") { $0.buckets.output },
        .bigint("reasoning") { $0.buckets.reasoning },
        .bigint("images") { $0.buckets.images },
        .bigint("audio_seconds") { $0.buckets.audioSeconds },
        .bigint("requests") { $0.buckets.requests },
        .optional("latency_ms", "integer", none: -1, noneSQL: "-1") { $0.latencyMs },
        .optional("time_to_first_token_ms", "integer", none: -1, noneSQL: "-1") { $0.timeToFirstTokenMs },
        .value("status", "text") { $0.status.rawValue },
        .text("error_type") { $0.errorType },
        .text("request_id") { $0.requestID },
        // Arrays of arrays cannot be bound: the tags travel as JSON.
        .value("tags", "text", expression: "ARRAY(SELECT jsonb_array_elements_text(#::jsonb))") { JSONColumn.text($0.tags) },
        .value("metadata", "text", expression: "#::jsonb", read: "e.metadata::text AS metadata") { JSONColumn.text($0.metadata) },
        .value("priced", "boolean") { $0.cost != nil },
        .optional("price_definition_id", "uuid", none: none, noneSQL: "'\(none)'::uuid") { $0.cost?.definitionID?.uuid },
        .text("price_tier") { $0.cost?.tier },
        .bigint("cost_input_uncached") { $0.cost?.inputUncached ?? 0 },
        .bigint("cost_cache_read") { $0.cost?.cacheRead ?? 0 },
        .bigint("cost_cache_write_5m") { $0.cost?.cacheWrite5m ?? 0 },
        .bigint("cost_cache_write_1h") { $0.cost?.cacheWrite1h ?? 0 },
        .bigint("cost_output") { $0.cost?.output ?? 0 },
        .bigint("cost_reasoning") { $0.cost?.reasoning ?? 0 },
        .bigint("cost_images") { $0.cost?.images ?? 0 },
        .bigint("cost_audio") { $0.cost?.audio ?? 0 },
        .bigint("cost_requests") { $0.cost?.requests ?? 0 },
        .bigint("cost_overage") { $0.cost?.overage ?? 0 },
        .bigint("cost_total") { $0.cost?.total ?? 0 },
        .optional("reported_cost_nanos", "bigint", none: -1, noneSQL: "-1") { $0.reportedCostNanos },
    ]

    /// The columns that hold the cost: what re-pricing rewrites.
    static let cost = all.filter { ["priced", "price_definition_id", "price_tier"].contains($0.name) || $0.name.hasPrefix("cost_") }

    /// `SET` of the cost columns for one event, bound after `offset` earlier values.
    static func setCost(_ event: UsageEvent, into binds: inout PostgresBindings) -> String {
        cost.map { column in
            column.bindOne(&binds, event)
            return "\(column.name) = " + column.expression.replacingOccurrences(of: "#", with: "$\(binds.count)::\(column.type)")
        }.joined(separator: ", ")
    }

    /// What reads select, for `UsageRepository.event(_:)`.
    static let selected = all.map(\.read).joined(separator: ", ")

    /// The values of `insertOne` (one event) or `insertMany`, bound first: their placeholders
    /// start at $1.
    static func bind(_ events: [UsageEvent], into binds: inout PostgresBindings) {
        precondition(binds.count == 0, "the insert's placeholders start at $1")
        if events.count == 1 {
            for column in all { column.bindOne(&binds, events[0]) }
        } else {
            for column in all { column.bindAll(&binds, events) }
        }
    }

    /// The insert of one event: a row of values (cheaper than unnest, and group commit often
    /// starts a batch with a single request).
    static let insertOne = insert(from: "(VALUES (\(all.enumerated().map { "$\($0.offset + 1)::\($0.element.type)" }.joined(separator: ", "))))")

    /// The insert of many: one array per column.
    static let insertMany = insert(from: "unnest(\(all.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }.joined(separator: ", ")))")

    private static func insert(from source: String) -> String {
        let names = all.map(\.name).joined(separator: ", ")
        let values = all.map { $0.expression.replacingOccurrences(of: "#", with: "u.\($0.name)") }.joined(separator: ", ")
        return "INSERT INTO usage_events (\(names)) SELECT \(values) FROM \(source) AS u(\(names))"
    }
}
