import Foundation
import LedgerCore
import PostgresNIO

/// The usage ledger's rows. Every method takes the tenant first.
public struct UsageRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    public func insert(_ event: UsageEvent) async throws {
        let b = event.buckets
        let c = event.cost ?? CostBreakdown()
        try await db.execute(
            """
            INSERT INTO usage_events (org_id, occurred_at, id, received_at, provider, model, endpoint, project, end_user,
                api_key_id, service_tier, input_uncached, cache_read, cache_write_5m, cache_write_1h, output, reasoning,
                images, audio_seconds, requests, latency_ms, time_to_first_token_ms, status, error_type, request_id, tags,
                metadata, priced, price_definition_id, price_tier, cost_input_uncached, cost_cache_read, cost_cache_write_5m,
                cost_cache_write_1h, cost_output, cost_reasoning, cost_images, cost_audio, cost_requests, cost_total,
                reported_cost_nanos)
            VALUES (\(event.orgID.uuid), \(event.occurredAt), \(event.id.uuid), \(event.receivedAt), \(event.provider),
                \(event.model), \(event.endpoint), \(event.project), \(event.endUser), \(event.apiKeyID?.uuid),
                \(event.serviceTier), \(b.inputUncached), \(b.cacheRead), \(b.cacheWrite5m), \(b.cacheWrite1h), \(b.output),
                \(b.reasoning), \(b.images), \(b.audioSeconds), \(b.requests), \(event.latencyMs), \(event.timeToFirstTokenMs),
                \(event.status.rawValue), \(event.errorType), \(event.requestID), \(event.tags),
                \(JSONColumn.text(event.metadata))::jsonb, \(event.cost != nil), \(c.definitionID?.uuid), \(c.tier),
                \(c.inputUncached), \(c.cacheRead), \(c.cacheWrite5m), \(c.cacheWrite1h), \(c.output), \(c.reasoning),
                \(c.images), \(c.audio), \(c.requests), \(c.total), \(event.reportedCostNanos))
            """)
    }

    /// Inserts many events in one statement: one round trip per batch, not per event.
    /// Arrays cannot hold NULLs here, so absent values travel as sentinels turned back into
    /// NULL by the statement (empty text, −1, the nil UUID).
    public func insert(_ events: [UsageEvent]) async throws {
        guard !events.isEmpty else { return }
        // A plain row is cheaper than unnest for one event, and group commit often starts a
        // batch with a single request.
        if events.count == 1 { return try await insert(events[0]) }
        let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        func column<T>(_ value: (UsageEvent) -> T) -> [T] { events.map(value) }
        let costs = events.map { $0.cost ?? CostBreakdown() }
        let encoder = JSONEncoder()
        let tags = try events.map { String(decoding: try encoder.encode($0.tags), as: UTF8.self) }
        try await db.execute(
            """
            INSERT INTO usage_events (org_id, occurred_at, id, received_at, provider, model, endpoint, project, end_user,
                api_key_id, service_tier, input_uncached, cache_read, cache_write_5m, cache_write_1h, output, reasoning,
                images, audio_seconds, requests, latency_ms, time_to_first_token_ms, status, error_type, request_id, tags,
                metadata, priced, price_definition_id, price_tier, cost_input_uncached, cost_cache_read, cost_cache_write_5m,
                cost_cache_write_1h, cost_output, cost_reasoning, cost_images, cost_audio, cost_requests, cost_total,
                reported_cost_nanos)
            SELECT org_id, occurred_at, id, received_at, provider, model, NULLIF(endpoint, ''), NULLIF(project, ''),
                NULLIF(end_user, ''), NULLIF(api_key_id, \(none)), NULLIF(service_tier, ''), input_uncached, cache_read,
                cache_write_5m, cache_write_1h, output, reasoning, images, audio_seconds, requests, NULLIF(latency_ms, -1),
                NULLIF(ttft_ms, -1), status, NULLIF(error_type, ''), NULLIF(request_id, ''),
                ARRAY(SELECT jsonb_array_elements_text(tags::jsonb)), metadata::jsonb, priced,
                NULLIF(price_definition_id, \(none)), NULLIF(price_tier, ''), c_input, c_cache_read, c_write_5m,
                c_write_1h, c_output, c_reasoning, c_images, c_audio, c_requests, c_total, NULLIF(reported, -1)
            FROM unnest(
                \(column { $0.orgID.uuid })::uuid[], \(column(\.occurredAt))::timestamptz[], \(column { $0.id.uuid })::uuid[],
                \(column(\.receivedAt))::timestamptz[], \(column(\.provider))::text[], \(column(\.model))::text[],
                \(column { $0.endpoint ?? "" })::text[], \(column { $0.project ?? "" })::text[],
                \(column { $0.endUser ?? "" })::text[], \(column { $0.apiKeyID?.uuid ?? none })::uuid[],
                \(column { $0.serviceTier ?? "" })::text[], \(column(\.buckets.inputUncached))::bigint[],
                \(column(\.buckets.cacheRead))::bigint[], \(column(\.buckets.cacheWrite5m))::bigint[],
                \(column(\.buckets.cacheWrite1h))::bigint[], \(column(\.buckets.output))::bigint[],
                \(column(\.buckets.reasoning))::bigint[], \(column(\.buckets.images))::bigint[],
                \(column(\.buckets.audioSeconds))::bigint[], \(column(\.buckets.requests))::bigint[],
                \(column { $0.latencyMs ?? -1 })::integer[], \(column { $0.timeToFirstTokenMs ?? -1 })::integer[],
                \(column(\.status.rawValue))::text[], \(column { $0.errorType ?? "" })::text[],
                \(column { $0.requestID ?? "" })::text[], \(tags)::text[], \(column { JSONColumn.text($0.metadata) })::text[],
                \(column { $0.cost != nil })::boolean[], \(costs.map { $0.definitionID?.uuid ?? none })::uuid[],
                \(costs.map { $0.tier ?? "" })::text[], \(costs.map(\.inputUncached))::bigint[],
                \(costs.map(\.cacheRead))::bigint[], \(costs.map(\.cacheWrite5m))::bigint[],
                \(costs.map(\.cacheWrite1h))::bigint[], \(costs.map(\.output))::bigint[], \(costs.map(\.reasoning))::bigint[],
                \(costs.map(\.images))::bigint[], \(costs.map(\.audio))::bigint[], \(costs.map(\.requests))::bigint[],
                \(costs.map(\.total))::bigint[], \(column { $0.reportedCostNanos ?? -1 })::bigint[]
            ) AS u(org_id, occurred_at, id, received_at, provider, model, endpoint, project, end_user, api_key_id, service_tier,
                input_uncached, cache_read, cache_write_5m, cache_write_1h, output, reasoning, images, audio_seconds, requests,
                latency_ms, ttft_ms, status, error_type, request_id, tags, metadata, priced, price_definition_id, price_tier,
                c_input, c_cache_read, c_write_5m, c_write_1h, c_output, c_reasoning, c_images, c_audio, c_requests, c_total,
                reported)
            """)
    }

    /// Claims many keys in one statement. Answers, for each key that an earlier write already
    /// holds, the event it names; keys claimed now are absent from the answer.
    public func claim(
        _ scope: TenantScope, keys: [(key: String, event: UsageEventID, occurredAt: Date)]
    ) async throws -> [String: UsageEventID] {
        guard !keys.isEmpty else { return [:] }
        let claimedKeys: [String] = try await db.rows(
            """
            INSERT INTO usage_idempotency_keys (org_id, key, event_id, occurred_at)
            SELECT \(scope.orgID.uuid), key, event_id, occurred_at
            FROM unnest(\(keys.map(\.key))::text[], \(keys.map(\.event.uuid))::uuid[], \(keys.map(\.occurredAt))::timestamptz[])
                AS k(key, event_id, occurred_at)
            ON CONFLICT (org_id, key) DO NOTHING RETURNING key
            """).map { try $0.decode(String.self) }
        let claimed = Set(claimedKeys)
        let held = keys.map(\.key).filter { !claimed.contains($0) }
        guard !held.isEmpty else { return [:] }
        let rows = try await db.all(
            """
            SELECT key, event_id FROM usage_idempotency_keys WHERE org_id = \(scope.orgID.uuid) AND key = ANY(\(held))
            """, as: (String, UUID).self)
        return Dictionary(rows.map { ($0.0, UsageEventID($0.1)) }, uniquingKeysWith: { first, _ in first })
    }

    public func delete(_ scope: TenantScope, id: UsageEventID) async throws -> UsageEvent? {
        let rows = try await db.rows(
            """
            DELETE FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = \(id.uuid)
            RETURNING \(unescaped: Self.columns)
            """)
        return try rows.first.map(Self.event)
    }

    /// The window's events, optionally of some models, locked for re-pricing.
    public func lockForRepricing(_ scope: TenantScope, window: TimeWindow, models: [String]) async throws -> [UsageEvent] {
        try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM usage_events e
            WHERE e.org_id = \(scope.orgID.uuid) AND e.occurred_at >= \(window.start) AND e.occurred_at < \(window.end)
              AND (cardinality(\(models)::text[]) = 0 OR e.model = ANY(\(models)))
            FOR UPDATE
            """).map(Self.event)
    }

    public func setCost(_ scope: TenantScope, _ event: UsageEvent) async throws {
        let c = event.cost ?? CostBreakdown()
        try await db.execute(
            """
            UPDATE usage_events SET priced = \(event.cost != nil), price_definition_id = \(c.definitionID?.uuid),
                price_tier = \(c.tier), cost_input_uncached = \(c.inputUncached), cost_cache_read = \(c.cacheRead),
                cost_cache_write_5m = \(c.cacheWrite5m), cost_cache_write_1h = \(c.cacheWrite1h), cost_output = \(c.output),
                cost_reasoning = \(c.reasoning), cost_images = \(c.images), cost_audio = \(c.audio),
                cost_requests = \(c.requests), cost_total = \(c.total)
            WHERE org_id = \(scope.orgID.uuid) AND occurred_at = \(event.occurredAt) AND id = \(event.id.uuid)
            """)
    }

    static let columns = """
        e.id, e.org_id, e.occurred_at, e.received_at, e.provider, e.model, e.endpoint, e.project, e.end_user, e.api_key_id,
        e.service_tier, e.input_uncached, e.cache_read, e.cache_write_5m, e.cache_write_1h, e.output, e.reasoning, e.images,
        e.audio_seconds, e.requests, e.latency_ms, e.time_to_first_token_ms, e.status, e.error_type, e.request_id, e.tags,
        e.metadata::text AS metadata, e.priced, e.price_definition_id, e.price_tier, e.cost_input_uncached, e.cost_cache_read,
        e.cost_cache_write_5m, e.cost_cache_write_1h, e.cost_output, e.cost_reasoning, e.cost_images, e.cost_audio,
        e.cost_requests, e.reported_cost_nanos
        """

    static func event(_ row: PostgresRow) throws -> UsageEvent {
        let column = RowColumns(row)
        let buckets = UsageBuckets(
            inputUncached: try column("input_uncached"), cacheRead: try column("cache_read"),
            cacheWrite5m: try column("cache_write_5m"), cacheWrite1h: try column("cache_write_1h"), output: try column("output"),
            reasoning: try column("reasoning"), images: try column("images"), audioSeconds: try column("audio_seconds"),
            requests: try column("requests"))
        var cost: CostBreakdown?
        if try column("priced", as: Bool.self) {
            var breakdown = CostBreakdown()
            breakdown.definitionID = try column("price_definition_id", as: UUID?.self).map(PriceDefinitionID.init)
            breakdown.tier = try column("price_tier")
            breakdown.inputUncached = try column("cost_input_uncached")
            breakdown.cacheRead = try column("cost_cache_read")
            breakdown.cacheWrite5m = try column("cost_cache_write_5m")
            breakdown.cacheWrite1h = try column("cost_cache_write_1h")
            breakdown.output = try column("cost_output")
            breakdown.reasoning = try column("cost_reasoning")
            breakdown.images = try column("cost_images")
            breakdown.audio = try column("cost_audio")
            breakdown.requests = try column("cost_requests")
            cost = breakdown
        }
        return UsageEvent(
            id: UsageEventID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
            occurredAt: try column("occurred_at"), receivedAt: try column("received_at"), provider: try column("provider"),
            model: try column("model"), endpoint: try column("endpoint"), project: try column("project"),
            endUser: try column("end_user"), apiKeyID: try column("api_key_id", as: UUID?.self).map(APIKeyID.init),
            serviceTier: try column("service_tier"), buckets: buckets, latencyMs: try column("latency_ms", as: Int?.self),
            timeToFirstTokenMs: try column("time_to_first_token_ms", as: Int?.self),
            status: UsageEvent.Status(rawValue: try column("status", as: String.self)) ?? .success,
            errorType: try column("error_type"), requestID: try column("request_id"), tags: try column("tags"),
            metadata: JSONColumn.object(try column("metadata")), cost: cost, reportedCostNanos: try column("reported_cost_nanos"))
    }

    public func find(_ scope: TenantScope, ids: [UsageEventID]) async throws -> [UsageEventID: UsageEvent] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.rows(
            "SELECT \(unescaped: Self.columns) FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = ANY(\(ids.map(\.uuid)))")
        return Dictionary(try rows.map(Self.event).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func find(_ scope: TenantScope, id: UsageEventID) async throws -> UsageEvent? {
        try await db.rows(
            "SELECT \(unescaped: Self.columns) FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = \(id.uuid)"
        ).first.map(Self.event)
    }

    /// One page by number (the Token Optimizer `logs` shape), with the count of all matching events.
    public func page(
        _ scope: TenantScope, filter: UsageFilter, sort: UsageSort, page: OffsetPage
    ) async throws -> NumberedPage<UsageEvent> {
        let direction = sort.descending ? "DESC" : "ASC"
        let rows = try await select(
            scope, filter: filter, before: nil, extra: "count(*) OVER () AS total",
            order: "\(sort.key.sql) \(direction) NULLS LAST, e.id \(direction)", offset: page.offset, limit: page.perPage)
        if rows.isEmpty && page.offset > 0 {
            // Past the last page: the window count comes from the first row instead.
            let total = try await self.page(scope, filter: filter, sort: sort, page: .first).total
            return NumberedPage(items: [], page: page, total: total)
        }
        let total = try rows.first.map { try RowColumns($0)("total", as: Int.self) } ?? 0
        return NumberedPage(items: try rows.map(Self.event), page: page, total: total)
    }

    /// Newest first; the cursor is the (time, id) of the last event seen.
    public func list(_ scope: TenantScope, filter: UsageFilter, page: PageRequest) async throws -> Page<UsageEvent> {
        let sortKey = PageCursor.sortKey("e.occurred_at")
        let rows = try await select(
            scope, filter: filter, before: page.after, extra: "\(sortKey) AS sort_key",
            order: "\(sortKey) DESC, e.id::text DESC", offset: 0, limit: page.limit + 1)
        return try PageCursor.page(rows, limit: page.limit, key: { row in
            let column = RowColumns(row)
            return PageCursor(micros: try column("sort_key"), id: try column("id", as: UUID.self).uuidString.lowercased())
        }, item: Self.event)
    }

    /// The events matching `filter` (and before the keyset cursor, if any), with one extra
    /// column; `extra` and `order` are fixed SQL from this file, never input.
    private func select(
        _ scope: TenantScope, filter: UsageFilter, before: PageCursor?, extra: String, order: String, offset: Int, limit: Int
    ) async throws -> [PostgresRow] {
        let sortKey = PageCursor.sortKey("e.occurred_at")
        return try await db.rows(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: extra) FROM usage_events e
            WHERE e.org_id = \(scope.orgID.uuid)
              AND e.occurred_at >= COALESCE(\(filter.range.start)::timestamptz, '-infinity')
              AND e.occurred_at < COALESCE(\(filter.range.end)::timestamptz, 'infinity')
              AND (cardinality(\(filter.providers)::text[]) = 0 OR e.provider = ANY(\(filter.providers)))
              AND (cardinality(\(filter.models)::text[]) = 0 OR e.model = ANY(\(filter.models)))
              AND (cardinality(\(filter.endpoints)::text[]) = 0 OR e.endpoint = ANY(\(filter.endpoints)))
              AND (cardinality(\(filter.projects)::text[]) = 0 OR e.project = ANY(\(filter.projects)))
              AND (cardinality(\(filter.apiKeys.map(\.uuid))::uuid[]) = 0 OR e.api_key_id = ANY(\(filter.apiKeys.map(\.uuid))))
              AND (\(filter.status?.rawValue)::text IS NULL OR e.status = \(filter.status?.rawValue))
              AND (\(unescaped: sortKey), e.id::text) < (\(before?.micros ?? Int64.max), \(before?.id ?? "~"))
            ORDER BY \(unescaped: order) OFFSET \(offset) LIMIT \(limit)
            """)
    }
}

extension UsageSort.Key {
    var sql: String {
        switch self {
        case .timestamp: "e.occurred_at"
        case .model: "e.model"
        case .endpoint: "e.endpoint"
        case .totalCost: "e.cost_total"
        case .totalTokens: "(e.input_uncached + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.output + e.reasoning)"
        case .latencyMs: "e.latency_ms"
        }
    }
}
