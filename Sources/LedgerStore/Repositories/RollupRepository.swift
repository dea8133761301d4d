import Foundation
import LedgerCore
import PostgresNIO

/// Hourly rollups: appended as deltas at write time, folded in batches by the aggregator,
/// read as rollups plus pending deltas.
public struct RollupRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Appends one event's contribution (`sign` −1 takes it back, for deletes and re-pricing).
    public func append(_ event: UsageEvent, sign: Int64 = 1) async throws {
        let b = event.buckets
        try await db.execute(
            """
            INSERT INTO usage_rollup_queue (org_id, hour, provider, model, endpoint, project, api_key_id, requests, errors,
                unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos, latency_sum_ms, latency_count)
            VALUES (\(event.orgID.uuid), date_trunc('hour', \(event.occurredAt)::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                \(event.provider), \(event.model), \(event.endpoint ?? ""), \(event.project ?? ""),
                COALESCE(\(event.apiKeyID?.uuid), '00000000-0000-0000-0000-000000000000'::uuid),
                \(sign * b.requests), \(event.status == .error ? sign : 0), \(event.cost == nil ? sign : 0),
                \(sign * b.inputUncached), \(sign * b.cacheRead), \(sign * (b.cacheWrite5m + b.cacheWrite1h)), \(sign * b.output),
                \(sign * b.reasoning), \(sign * (event.cost?.total ?? 0)), \(sign * Int64(event.latencyMs ?? 0)),
                \(event.latencyMs == nil ? 0 : sign))
            """)
    }

    /// Appends many events' contributions, summed per rollup key first: one statement, and
    /// usually far fewer rows than events.
    public func append(_ events: [UsageEvent]) async throws {
        guard events.count > 1 else {
            if let event = events.first { try await append(event) }
            return
        }
        struct Key: Hashable {
            var org: UUID, hour: Date, provider: String, model: String, endpoint: String, project: String, apiKey: UUID
        }
        let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var sums: [Key: [Int64]] = [:]
        for event in events {
            let hour = Date(timeIntervalSince1970: (event.occurredAt.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
            let key = Key(
                org: event.orgID.uuid, hour: hour, provider: event.provider, model: event.model, endpoint: event.endpoint ?? "",
                project: event.project ?? "", apiKey: event.apiKeyID?.uuid ?? none)
            let b = event.buckets
            let row: [Int64] = [
                b.requests, event.status == .error ? 1 : 0, event.cost == nil ? 1 : 0, b.inputUncached, b.cacheRead,
                b.cacheWrite5m + b.cacheWrite1h, b.output, b.reasoning, event.cost?.total ?? 0, Int64(event.latencyMs ?? 0),
                event.latencyMs == nil ? 0 : 1,
            ]
            sums[key] = zip(sums[key] ?? Array(repeating: 0, count: row.count), row).map { $0 + $1 }
        }
        let keys = Array(sums.keys)
        func column(_ index: Int) -> [Int64] { keys.map { sums[$0]![index] } }
        try await db.execute(
            """
            INSERT INTO usage_rollup_queue (org_id, hour, provider, model, endpoint, project, api_key_id, requests, errors,
                unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos, latency_sum_ms, latency_count)
            SELECT * FROM unnest(
                \(keys.map(\.org))::uuid[], \(keys.map(\.hour))::timestamptz[], \(keys.map(\.provider))::text[],
                \(keys.map(\.model))::text[], \(keys.map(\.endpoint))::text[], \(keys.map(\.project))::text[],
                \(keys.map(\.apiKey))::uuid[], \(column(0))::bigint[], \(column(1))::bigint[], \(column(2))::bigint[],
                \(column(3))::bigint[], \(column(4))::bigint[], \(column(5))::bigint[], \(column(6))::bigint[],
                \(column(7))::bigint[], \(column(8))::bigint[], \(column(9))::bigint[], \(column(10))::bigint[])
            """)
    }

    /// Folds up to `limit` queued deltas into the rollups in one statement; concurrent
    /// aggregators skip each other's rows. Answers how many were folded.
    public func aggregate(limit: Int = 50_000) async throws -> Int {
        try await db.first(
            """
            WITH claimed AS (
                DELETE FROM usage_rollup_queue WHERE ctid IN (
                    SELECT ctid FROM usage_rollup_queue LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING *
            ), folded AS (
                INSERT INTO usage_rollups_hourly AS r
                SELECT org_id, hour, provider, model, endpoint, project, api_key_id, sum(requests), sum(errors), sum(unpriced),
                       sum(input_uncached), sum(cache_read), sum(cache_write), sum(output), sum(reasoning), sum(cost_nanos),
                       sum(latency_sum_ms), sum(latency_count)
                FROM claimed GROUP BY org_id, hour, provider, model, endpoint, project, api_key_id
                ON CONFLICT (org_id, hour, provider, model, endpoint, project, api_key_id) DO UPDATE SET
                    requests = r.requests + EXCLUDED.requests, errors = r.errors + EXCLUDED.errors,
                    unpriced = r.unpriced + EXCLUDED.unpriced, input_uncached = r.input_uncached + EXCLUDED.input_uncached,
                    cache_read = r.cache_read + EXCLUDED.cache_read, cache_write = r.cache_write + EXCLUDED.cache_write,
                    output = r.output + EXCLUDED.output, reasoning = r.reasoning + EXCLUDED.reasoning,
                    cost_nanos = r.cost_nanos + EXCLUDED.cost_nanos, latency_sum_ms = r.latency_sum_ms + EXCLUDED.latency_sum_ms,
                    latency_count = r.latency_count + EXCLUDED.latency_count
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM claimed)::bigint
            """, as: Int.self) ?? 0
    }

    public enum Dimension: String, Sendable, CaseIterable {
        case provider, model, endpoint, project
        case apiKey = "api_key"
    }

    public struct Totals: Sendable, Equatable {
        public static let zero = Totals(
            group: [:], requests: 0, errors: 0, unpriced: 0, inputTokens: 0, outputTokens: 0, costNanos: 0, averageLatencyMs: nil)

        public init(
            group: [Dimension: String], requests: Int64, errors: Int64, unpriced: Int64, inputTokens: Int64,
            outputTokens: Int64, costNanos: NanoUSD, averageLatencyMs: Double?
        ) {
            self.group = group
            self.requests = requests
            self.errors = errors
            self.unpriced = unpriced
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.costNanos = costNanos
            self.averageLatencyMs = averageLatencyMs
        }

        public var group: [Dimension: String]
        public var requests: Int64
        public var errors: Int64
        public var unpriced: Int64
        public var inputTokens: Int64
        public var outputTokens: Int64
        public var costNanos: NanoUSD
        public var averageLatencyMs: Double?
    }

    /// Totals over [from, to) grouped by the dimensions, from rollups and pending deltas.
    public func totals(
        _ scope: TenantScope, groupBy: [Dimension], from: Date, to: Date, filter: UsageRepository.Filter
    ) async throws -> [Totals] {
        let columns: [Dimension: String] = [
            .provider: "provider", .model: "model", .endpoint: "endpoint", .project: "project", .apiKey: "api_key_id::text",
        ]
        let selected = groupBy.map { columns[$0]! }
        let groupSQL = selected.isEmpty ? "" : selected.joined(separator: ", ") + ","
        let groupClause = selected.isEmpty ? "" : "GROUP BY " + selected.joined(separator: ", ")
        let rows = try await db.rows(
            """
            SELECT \(unescaped: groupSQL) sum(requests)::bigint, sum(errors)::bigint, sum(unpriced)::bigint,
                   sum(input_uncached + cache_read + cache_write)::bigint, sum(output + reasoning)::bigint,
                   sum(cost_nanos)::bigint, sum(latency_sum_ms)::bigint, sum(latency_count)::bigint
            FROM (SELECT * FROM usage_rollups_hourly UNION ALL SELECT * FROM usage_rollup_queue) r
            WHERE org_id = \(scope.orgID.uuid) AND hour >= \(from) AND hour < \(to)
              AND (cardinality(\(filter.providers)::text[]) = 0 OR provider = ANY(\(filter.providers)))
              AND (cardinality(\(filter.models)::text[]) = 0 OR model = ANY(\(filter.models)))
              AND (cardinality(\(filter.endpoints)::text[]) = 0 OR endpoint = ANY(\(filter.endpoints)))
              AND (cardinality(\(filter.projects)::text[]) = 0 OR project = ANY(\(filter.projects)))
            \(unescaped: groupClause)
            HAVING sum(requests) <> 0 OR sum(cost_nanos) <> 0
            ORDER BY \(unescaped: "\(selected.count + 6)") DESC
            """)
        return try rows.map { row in
            let cells = row.makeRandomAccess()
            var group: [Dimension: String] = [:]
            for (index, dimension) in groupBy.enumerated() { group[dimension] = try cells[index].decode(String.self, context: .default) }
            let n = groupBy.count
            func int(_ offset: Int) throws -> Int64 { try cells[n + offset].decode(Int64?.self, context: .default) ?? 0 }
            let latencyCount = try int(7)
            return Totals(
                group: group, requests: try int(0), errors: try int(1), unpriced: try int(2), inputTokens: try int(3),
                outputTokens: try int(4), costNanos: try int(5),
                averageLatencyMs: latencyCount == 0 ? nil : Double(try int(6)) / Double(latencyCount))
        }
    }

    public enum Granularity: String, Sendable, CaseIterable { case hour, day, week, month, year }

    /// One row per bucket of [from, to) in the time zone, empty buckets included as zero.
    public func trend(
        _ scope: TenantScope, granularity: Granularity, from: Date, to: Date, timeZone: String, filter: UsageRepository.Filter
    ) async throws -> [(start: Date, requests: Int64, tokens: Int64, costNanos: NanoUSD)] {
        let unit = granularity.rawValue
        return try await db.all(
            """
            WITH buckets AS (
                SELECT generate_series(
                    date_trunc(\(unit), \(from)::timestamptz AT TIME ZONE \(timeZone)),
                    date_trunc(\(unit), (\(to)::timestamptz - interval '1 microsecond') AT TIME ZONE \(timeZone)),
                    ('1 ' || \(unit))::interval) AS local_start
            ), sums AS (
                SELECT date_trunc(\(unit), hour AT TIME ZONE \(timeZone)) AS local_start, sum(requests) AS requests,
                       sum(input_uncached + cache_read + cache_write + output + reasoning) AS tokens, sum(cost_nanos) AS cost
                FROM (SELECT * FROM usage_rollups_hourly UNION ALL SELECT * FROM usage_rollup_queue) r
                WHERE org_id = \(scope.orgID.uuid) AND hour >= \(from) AND hour < \(to)
                  AND (cardinality(\(filter.providers)::text[]) = 0 OR provider = ANY(\(filter.providers)))
                  AND (cardinality(\(filter.models)::text[]) = 0 OR model = ANY(\(filter.models)))
                  AND (cardinality(\(filter.endpoints)::text[]) = 0 OR endpoint = ANY(\(filter.endpoints)))
                  AND (cardinality(\(filter.projects)::text[]) = 0 OR project = ANY(\(filter.projects)))
                GROUP BY 1
            )
            SELECT b.local_start AT TIME ZONE \(timeZone), COALESCE(s.requests, 0)::bigint, COALESCE(s.tokens, 0)::bigint,
                   COALESCE(s.cost, 0)::bigint
            FROM buckets b LEFT JOIN sums s USING (local_start) ORDER BY 1
            """, as: (Date, Int64, Int64, Int64).self
        ).map { (start: $0.0, requests: $0.1, tokens: $0.2, costNanos: $0.3) }
    }
}
