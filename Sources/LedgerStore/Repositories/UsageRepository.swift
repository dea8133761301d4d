public import Foundation
public import LedgerCore
import PostgresNIO

/// The usage ledger's rows. Every method takes the tenant first.
public struct UsageRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Inserts the events and queues their rollup contributions in one statement: one round
    /// trip per batch, not per event, and atomic without a transaction of its own.
    public func insertWithRollups(_ events: [UsageEvent]) async throws {
        guard !events.isEmpty else { return }
        if events.count == 1 {
            try await db.execute(prepared: InsertWithRollups<OneEvent>(events: events))
        } else {
            try await db.execute(prepared: InsertWithRollups<ManyEvents>(events: events))
        }
    }

    /// Prepared: every ingest runs it. Its text depends only on whether it holds one event.
    struct InsertWithRollups<Shape: InsertShape>: PreparedQuery {
        static var name: String { Shape.name }
        static var sql: String { Shape.sql }
        let events: [UsageEvent]

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            UsageEventColumns.bind(events, into: &binds)
            RollupRepository.bindQueue(events, sign: 1, into: &binds)
            return binds
        }
    }

    /// Named here: the default name (the Swift type's) passes PostgreSQL's 63 bytes, and the
    /// two shapes' truncated names would be one.
    protocol InsertShape {
        static var name: String { get }
        static var sql: String { get }
    }

    enum OneEvent: InsertShape {
        static let name = "usage_insert_one_with_rollups"
        static let sql = withRollups(UsageEventColumns.insertOne)
    }

    enum ManyEvents: InsertShape {
        static let name = "usage_insert_many_with_rollups"
        static let sql = withRollups(UsageEventColumns.insertMany)
    }

    private static func withRollups(_ insert: String) -> String {
        "WITH inserted AS (\(insert)) \(RollupRepository.queueSQL(first: UsageEventColumns.all.count + 1))"
    }

    /// A retry key an earlier write holds: the event it names and the digest of its request.
    public struct HeldKey: Sendable {
        public let event: UsageEventID
        public let digest: [UInt8]?
    }

    /// A retry key a write claims for its event, with the digest of its request.
    public typealias KeyClaim = (key: String, event: UsageEventID, occurredAt: Date, digest: [UInt8]?)

    /// Claims many keys in one statement. Answers, for each key that an earlier write already
    /// holds, what it holds; keys claimed now are absent from the answer.
    public func claim(_ scope: TenantScope, keys: [KeyClaim]) async throws -> [String: HeldKey] {
        guard !keys.isEmpty else { return [:] }
        let claimed = Set(try await db.all(prepared: Claim(org: scope.orgID.uuid, keys: keys), reading: { try $0("key", as: String.self) }))
        let held = keys.map(\.key).filter { !claimed.contains($0) }
        guard !held.isEmpty else { return [:] }
        let rows = try await db.all(
            """
            SELECT key, event_id, request_digest FROM usage_idempotency_keys
            WHERE org_id = \(scope.orgID.uuid) AND key = ANY(\(held))
            """, reading: { column in
                (try column("key", as: String.self), HeldKey(
                    event: UsageEventID(try column("event_id", as: UUID.self)),
                    digest: try column("request_digest", as: ByteBuffer?.self).map { Array($0.readableBytesView) }))
            })
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Prepared: every group of keyed ingests runs it.
    struct Claim: PreparedQuery {
        static let sql = """
            INSERT INTO usage_idempotency_keys (org_id, key, event_id, occurred_at, request_digest)
            SELECT $1, key, event_id, occurred_at, NULLIF(digest, ''::bytea)
            FROM unnest($2::text[], $3::uuid[], $4::timestamptz[], $5::bytea[]) AS k(key, event_id, occurred_at, digest)
            ON CONFLICT (org_id, key) DO NOTHING RETURNING key
            """
        let org: UUID
        let keys: [KeyClaim]

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            binds.append(org)
            binds.append(keys.map(\.key))
            binds.append(keys.map(\.event.uuid))
            binds.append(keys.map(\.occurredAt))
            // Arrays cannot carry NULL here: an absent digest travels empty and is stored as NULL.
            binds.append(keys.map { ByteBuffer(bytes: $0.digest ?? []) })
            return binds
        }
    }

    /// Points keys whose event was deleted at the events that now take them over.
    public func reassign(_ scope: TenantScope, keys: [(key: String, event: UsageEvent)]) async throws {
        guard !keys.isEmpty else { return }
        let digests = keys.map { ByteBuffer(bytes: $0.event.digest ?? []) }
        try await db.execute(
            """
            UPDATE usage_idempotency_keys k SET event_id = n.event_id, occurred_at = n.occurred_at,
                   request_digest = NULLIF(n.digest, ''::bytea)
            FROM unnest(\(keys.map(\.key))::text[], \(keys.map(\.event.id.uuid))::uuid[],
                        \(keys.map(\.event.occurredAt))::timestamptz[], \(digests)::bytea[]) AS n(key, event_id, occurred_at, digest)
            WHERE k.org_id = \(scope.orgID.uuid) AND k.key = n.key
            """)
    }

    public func delete(_ scope: TenantScope, id: UsageEventID) async throws -> UsageEvent? {
        try await db.first(
            """
            DELETE FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = \(id.uuid)
            RETURNING \(unescaped: UsageEventColumns.selected)
            """, reading: Self.event)
    }

    /// The window's events, optionally of some models, locked for re-pricing.
    public func lockForRepricing(_ scope: TenantScope, window: TimeWindow, models: [String]) async throws -> [UsageEvent] {
        try await db.all(
            """
            SELECT \(unescaped: UsageEventColumns.selected) FROM usage_events e
            WHERE e.org_id = \(scope.orgID.uuid) AND e.occurred_at >= \(window.start) AND e.occurred_at < \(window.end)
              AND (cardinality(\(models)::text[]) = 0 OR e.model = ANY(\(models)))
            FOR UPDATE
            """, reading: Self.event)
    }

    public func setCost(_ scope: TenantScope, _ event: UsageEvent) async throws {
        var binds = PostgresBindings()
        let assignments = UsageEventColumns.setCost(event, into: &binds)
        binds.append(scope.orgID.uuid)
        binds.append(event.occurredAt)
        binds.append(event.id.uuid)
        let n = binds.count
        try await db.execute(PostgresQuery(
            unsafeSQL: """
                UPDATE usage_events SET \(assignments)
                WHERE org_id = $\(n - 2) AND occurred_at = $\(n - 1) AND id = $\(n)
                """, binds: binds))
    }

    /// Reads an event by column name (`UsageEventColumns.selected`).
    static func event(_ column: RowColumns) throws -> UsageEvent {
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
            breakdown.overage = try column("cost_overage")
            cost = breakdown
        }
        let record = UsageRecord(
            occurredAt: try column("occurred_at"), provider: try column("provider"), model: try column("model"),
            endpoint: try column("endpoint"), project: try column("project"), endUser: try column("end_user"),
            serviceTier: try column("service_tier"), buckets: buckets, latencyMs: try column("latency_ms", as: Int?.self),
            timeToFirstTokenMs: try column("time_to_first_token_ms", as: Int?.self),
            status: UsageEvent.Status(rawValue: try column("status", as: String.self)) ?? .success,
            errorType: try column("error_type"), requestID: try column("request_id"), tags: try column("tags"),
            metadata: JSONColumn.object(try column("metadata")), reportedCostNanos: try column("reported_cost_nanos"))
        return UsageEvent(
            id: UsageEventID(try column("id", as: UUID.self)), orgID: OrgID(try column("org_id", as: UUID.self)),
            receivedAt: try column("received_at"), apiKeyID: try column("api_key_id", as: UUID?.self).map(APIKeyID.init),
            record: record, cost: cost)
    }

    public func find(_ scope: TenantScope, ids: [UsageEventID]) async throws -> [UsageEventID: UsageEvent] {
        guard !ids.isEmpty else { return [:] }
        let events = try await db.all(
            "SELECT \(unescaped: UsageEventColumns.selected) FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = ANY(\(ids.map(\.uuid)))",
            reading: Self.event)
        return Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func find(_ scope: TenantScope, id: UsageEventID) async throws -> UsageEvent? {
        try await db.first(
            "SELECT \(unescaped: UsageEventColumns.selected) FROM usage_events e WHERE e.org_id = \(scope.orgID.uuid) AND e.id = \(id.uuid)",
            reading: Self.event)
    }

    /// One page by number (the Token Optimizer `logs` shape), with the count of all matching events.
    public func page(
        _ scope: TenantScope, filter: UsageFilter, sort: UsageSort, page: OffsetPage
    ) async throws -> NumberedPage<UsageEvent> {
        let direction = sort.descending ? "DESC" : "ASC"
        let rows = try await db.all(select(
            scope, filter: filter, before: nil, extra: "count(*) OVER () AS total",
            order: "\(sort.key.sql) \(direction) NULLS LAST, e.id \(direction)", offset: page.offset, limit: page.perPage
        ), reading: { (event: try Self.event($0), total: try $0("total", as: Int.self)) })
        if rows.isEmpty && page.offset > 0 {
            // Past the last page: the window count comes from the first row instead.
            let total = try await self.page(scope, filter: filter, sort: sort, page: .first).total
            return NumberedPage(items: [], page: page, total: total)
        }
        return NumberedPage(items: rows.map(\.event), page: page, total: rows.first?.total ?? 0)
    }

    /// Newest first; the cursor is the (time, id) of the last event seen.
    public func list(_ scope: TenantScope, filter: UsageFilter, page: PageRequest) async throws -> Page<UsageEvent> {
        let sortKey = PageCursor.sortKey("e.occurred_at")
        return try await db.page(select(
            scope, filter: filter, before: page.after, extra: "\(sortKey) AS sort_key",
            order: "\(sortKey) DESC, e.id::text DESC", offset: 0, limit: page.limit + 1
        ), limit: page.limit, reading: Self.event)
    }

    /// The events matching `filter` (and before the keyset cursor, if any), with one extra
    /// column; `extra` and `order` are fixed SQL from this file, never input.
    private func select(
        _ scope: TenantScope, filter: UsageFilter, before: PageCursor?, extra: String, order: String, offset: Int, limit: Int
    ) -> PostgresQuery {
        let sortKey = PageCursor.sortKey("e.occurred_at")
        return """
            SELECT \(unescaped: UsageEventColumns.selected), \(unescaped: extra) FROM usage_events e
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
            """
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
