import Foundation
public import LedgerCore
import PostgresNIO

/// Hourly rollups: appended as deltas at write time, folded in batches by the aggregator,
/// read as rollups plus pending deltas.
public struct RollupRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let keyColumns = ["org_id", "hour", "provider", "model", "endpoint", "project", "api_key_id", "end_user", "status"]
    static let measureColumns = [
        "requests", "errors", "unpriced", "input_uncached", "cache_read", "cache_write", "output", "reasoning", "cost_nanos",
        "cost_reported_nanos", "latency_sum_ms", "latency_count",
    ] + LatencyHistogram.columnNames

    /// One event's contribution, in `measureColumns` order.
    static func measures(of event: UsageEvent) -> [Int64] {
        let b = event.buckets
        var latency = LatencyHistogram()
        if let milliseconds = event.latencyMs { latency.record(Int64(milliseconds)) }
        let cost = event.cost?.total ?? 0
        return [
            b.requests, event.status == .error ? 1 : 0, event.cost == nil ? 1 : 0, b.inputUncached, b.cacheRead,
            b.cacheWrite5m + b.cacheWrite1h, b.output, b.reasoning, cost, event.reportedCostNanos ?? cost,
            Int64(event.latencyMs ?? 0), event.latencyMs == nil ? 0 : 1,
        ] + latency.counts
    }

    /// Appends one event's contribution (`sign` −1 takes it back, for deletes and re-pricing).
    public func append(_ event: UsageEvent, sign: Int64 = 1) async throws {
        try await append([event], sign: sign)
    }

    /// Appends many events' contributions, summed per rollup key first: one statement, and
    /// usually far fewer rows than events.
    public func append(_ events: [UsageEvent], sign: Int64 = 1) async throws {
        guard !events.isEmpty else { return }
        var binds = PostgresBindings()
        Self.bindQueue(events, sign: sign, into: &binds)
        try await db.execute(PostgresQuery(unsafeSQL: Self.queueSQL(first: 1), binds: binds))
    }

    /// The insert of contributions into the queue, its placeholders from `$first`: one array
    /// per column (`bindQueue`), so it can follow another statement's values in one query.
    static func queueSQL(first: Int) -> String {
        let types = ["uuid", "timestamptz", "text", "text", "text", "text", "uuid", "text", "text"]
            + Array(repeating: "bigint", count: measureColumns.count)
        let arrays = types.enumerated().map { "$\(first + $0.offset)::\($0.element)[]" }.joined(separator: ", ")
        let columns = (keyColumns + measureColumns).joined(separator: ", ")
        return "INSERT INTO usage_rollup_queue (\(columns)) SELECT * FROM unnest(\(arrays))"
    }

    /// The events' contributions as `queueSQL`'s arrays, after the values already in `binds`.
    static func bindQueue(_ events: [UsageEvent], sign: Int64, into binds: inout PostgresBindings) {
        struct Key: Hashable {
            var org: UUID, hour: Date, provider: String, model: String, endpoint: String, project: String, apiKey: UUID
            var endUser: String, status: String
        }
        let none = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        // A key's sum that would leave 64 bits starts another row: the queue holds deltas, and
        // any number of rows per key add up the same.
        var sums: [Key: [[Int64]]] = [:]
        for event in events {
            let hour = Date(timeIntervalSince1970: (event.occurredAt.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
            let key = Key(
                org: event.orgID.uuid, hour: hour, provider: event.provider, model: event.model, endpoint: event.endpoint ?? "",
                project: event.project ?? "", apiKey: event.apiKeyID?.uuid ?? none, endUser: event.endUser ?? "",
                status: event.status.rawValue)
            let row = Self.measures(of: event).map { $0 * sign }
            let added = sums[key]?.last.map { last in zip(last, row).map { $0.addingReportingOverflow($1) } }
            if let added, !added.contains(where: \.overflow) {
                sums[key]![sums[key]!.count - 1] = added.map(\.partialValue)
            } else {
                sums[key, default: []].append(row)
            }
        }
        let rows = sums.flatMap { key, rows in rows.map { (key: key, measures: $0) } }
        let keys = rows.map(\.key)
        binds.append(keys.map(\.org))
        binds.append(keys.map(\.hour))
        binds.append(keys.map(\.provider))
        binds.append(keys.map(\.model))
        binds.append(keys.map(\.endpoint))
        binds.append(keys.map(\.project))
        binds.append(keys.map(\.apiKey))
        binds.append(keys.map(\.endUser))
        binds.append(keys.map(\.status))
        for index in Self.measureColumns.indices {
            binds.append(rows.map { $0.measures[index] })
        }
    }

    /// The organizations with queued deltas, for folding one at a time.
    /// Deltas waiting to be folded, across organizations.
    public func queuedRows() async throws -> Int64 {
        try await db.first("SELECT count(*) FROM usage_rollup_queue", as: Int64.self) ?? 0
    }

    public func organizationsWithQueuedDeltas() async throws -> [TenantScope] {
        try await db.all("SELECT DISTINCT org_id FROM usage_rollup_queue", reading: { TenantScope(orgID: OrgID(try $0("org_id", as: UUID.self))) })
    }

    /// Folds up to `limit` of the organization's queued deltas into every rollup table in one
    /// statement; concurrent aggregators skip each other's rows. Answers how many were folded.
    /// A sum past bigint fails this organization's statement only: its deltas stay queued,
    /// where reads still count them.
    public func aggregate(_ scope: TenantScope, limit: Int = 50_000) async throws -> Int {
        let keys = Self.keyColumns.joined(separator: ", ")
        let measures = Self.measureColumns.joined(separator: ", ")
        let sums = Self.measureColumns.map { "sum(\($0)) AS \($0)" }.joined(separator: ", ")
        let updates = Self.measureColumns.map { "\($0) = r.\($0) + EXCLUDED.\($0)" }.joined(separator: ", ")
        var binds = PostgresBindings()
        binds.append(scope.orgID.uuid)
        return try await db.first(
            PostgresQuery(unsafeSQL: """
                WITH claimed AS (
                    DELETE FROM usage_rollup_queue WHERE ctid IN (
                        SELECT ctid FROM usage_rollup_queue WHERE org_id = $1 LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                    RETURNING *
                ), folded AS (
                    INSERT INTO usage_rollups_hourly AS r (\(keys), \(measures))
                    SELECT \(keys), \(sums) FROM claimed GROUP BY \(keys)
                    ON CONFLICT (\(keys)) DO UPDATE SET \(updates)
                    RETURNING 1
                ), by_dimension AS (
                    SELECT c.org_id, d.dimension, c.hour, d.value, \(sums)
                    FROM claimed c CROSS JOIN LATERAL (VALUES \(Self.dimensionValues)) AS d (dimension, value)
                    GROUP BY c.org_id, d.dimension, c.hour, d.value
                ), folded_by_dimension AS (
                    INSERT INTO usage_rollups_by_dimension AS r (org_id, dimension, hour, value, \(measures))
                    SELECT * FROM by_dimension
                    ON CONFLICT (org_id, dimension, hour, value) DO UPDATE SET \(updates)
                    RETURNING 1
                ), folded_by_dimension_daily AS (
                    INSERT INTO usage_rollups_by_dimension_daily AS r (org_id, dimension, day, value, \(measures))
                    SELECT org_id, dimension, date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', value, \(sums)
                    FROM by_dimension GROUP BY 1, 2, 3, 4
                    ON CONFLICT (org_id, dimension, day, value) DO UPDATE SET \(updates)
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM claimed)::bigint
                """, binds: binds), as: Int.self) ?? 0
    }

    /// Each rollup row's place in `usage_rollups_by_dimension`: the total ('') and one value per dimension.
    static let dimensionValues = (["('', '')"] + UsageDimension.allCases.map { "('\($0.rawValue)', c.\($0.storedColumn)::text)" })
        .joined(separator: ", ")

    /// A statement assembled from parts, numbering its bound values as they are added.
    struct Statement {
        var binds = PostgresBindings()

        mutating func bind<Value: PostgresNonThrowingEncodable & Sendable>(_ value: Value) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }

        /// Rollups and pending deltas of the organization in [from, to) that pass the filter, with
        /// `hour`, the measures and the columns of `groupBy`. With at most one dimension and no
        /// filter the per-dimension rollups answer, whose size does not grow with the events:
        /// when `wholeDays` allows, the daily one for the window's whole UTC days and the hourly
        /// one for its edges (a `hour` is then a day's start, so only sums may read it).
        mutating func rollups(
            _ scope: TenantScope, window: TimeWindow, filter: UsageFilter, groupBy: [UsageDimension], wholeDays: Bool
        ) -> String {
            let (organization, first, last) = (bind(scope.orgID.uuid), bind(window.start), bind(window.end))
            let inWindow = "org_id = \(organization) AND hour >= \(first) AND hour < \(last)"
            let measures = RollupRepository.measureColumns.joined(separator: ", ")
            if groupBy.count <= 1 && !filter.narrowsDimensions {
                let column = groupBy.first?.storedColumn ?? "value"
                let queued = groupBy.first.map { "\($0.storedColumn)::text" } ?? "''"
                let days = wholeDays ? window.wholeUTCDays : nil
                let (start, end) = days.map { (bind($0.start), bind($0.end)) } ?? (last, last)
                let dimension = bind(groupBy.first?.rawValue ?? "")
                return """
                    (SELECT hour, value AS \(column), \(measures) FROM usage_rollups_by_dimension
                     WHERE org_id = \(organization) AND dimension = \(dimension)
                       AND ((hour >= \(first) AND hour < \(start)) OR (hour >= \(end) AND hour < \(last)))
                     UNION ALL
                     SELECT day, value, \(measures) FROM usage_rollups_by_dimension_daily
                     WHERE org_id = \(organization) AND dimension = \(dimension) AND day >= \(start) AND day < \(end)
                     UNION ALL
                     SELECT hour, \(queued), \(measures) FROM usage_rollup_queue WHERE \(inWindow)) r
                    """
            }
            var conditions = [inWindow]
            for (column, values) in [
                ("provider", filter.providers), ("model", filter.models), ("endpoint", filter.endpoints),
                ("project", filter.projects),
            ] where !values.isEmpty {
                conditions.append("\(column) = ANY(\(bind(values))::text[])")
            }
            if !filter.apiKeys.isEmpty { conditions.append("api_key_id = ANY(\(bind(filter.apiKeys.map(\.uuid)))::uuid[])") }
            if let status = filter.status { conditions.append("status = \(bind(status.rawValue))") }
            return """
                (SELECT * FROM usage_rollups_hourly UNION ALL SELECT * FROM usage_rollup_queue) r
                WHERE \(conditions.joined(separator: " AND "))
                """
        }

        func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
    }

    /// Totals over the window grouped by the dimensions, from rollups and pending deltas.
    public func totals(
        _ scope: TenantScope, groupBy: [UsageDimension], window: TimeWindow, filter: UsageFilter, costSource: CostSource = .computed
    ) async throws -> [UsageTotals] {
        var statement = Statement()
        let source = statement.rollups(scope, window: window, filter: filter, groupBy: groupBy, wholeDays: true)
        let grouped = groupBy.map(\.column)
        let selected = groupBy.map { "\($0.column) AS \"\($0.rawValue)\"" }
        let histogram = LatencyHistogram.columnNames.map { "sum(\($0))::bigint AS \($0)" }.joined(separator: ", ")
        return try await db.all(statement.query("""
            SELECT \((selected + [""]).joined(separator: ", ")) sum(requests)::bigint AS requests, sum(errors)::bigint AS errors,
                   sum(unpriced)::bigint AS unpriced, sum(input_uncached::numeric + cache_read + cache_write)::bigint AS input_tokens,
                   sum(output::numeric + reasoning)::bigint AS output_tokens, sum(\(costSource.column))::bigint AS cost,
                   sum(latency_sum_ms)::bigint AS latency_sum_ms, sum(latency_count)::bigint AS latency_count, \(histogram)
            FROM \(source)
            \(grouped.isEmpty ? "" : "GROUP BY " + grouped.joined(separator: ", "))
            HAVING sum(requests) <> 0 OR sum(\(costSource.column)) <> 0
            ORDER BY \(grouped.count + 6) DESC
            """), reading: { column in
                var group: [UsageDimension: String] = [:]
                for dimension in groupBy { group[dimension] = try column(dimension.rawValue) }
                func sum(_ name: String) throws -> Int64 { try column(name, as: Int64?.self) ?? 0 }
                var totals = UsageTotals(group: group)
                totals.requests = try sum("requests")
                totals.errors = try sum("errors")
                totals.unpriced = try sum("unpriced")
                totals.inputTokens = try sum("input_tokens")
                totals.outputTokens = try sum("output_tokens")
                totals.costNanos = try sum("cost")
                totals.latencySumMs = try sum("latency_sum_ms")
                totals.latencyCount = try sum("latency_count")
                totals.latency = LatencyHistogram(counts: try LatencyHistogram.columnNames.map(sum))
                return totals
            })
    }

    /// One bucket per step of the window in the time zone, empty buckets included as zero.
    public func trend(
        _ scope: TenantScope, granularity: Granularity, window: TimeWindow, timeZone: String, filter: UsageFilter,
        costSource: CostSource = .computed
    ) async throws -> [TrendBucket] {
        var statement = Statement()
        let source = statement.rollups(scope, window: window, filter: filter, groupBy: [], wholeDays: false)
        let unit = statement.bind(granularity.rawValue)
        let zone = statement.bind(timeZone)
        let start = statement.bind(window.start)
        let end = statement.bind(window.end)
        return try await db.all(statement.query("""
            WITH buckets AS (
                SELECT generate_series(
                    date_trunc(\(unit), \(start)::timestamptz AT TIME ZONE \(zone)),
                    date_trunc(\(unit), (\(end)::timestamptz - interval '1 microsecond') AT TIME ZONE \(zone)),
                    ('1 ' || \(unit))::interval) AS local_start
            ), sums AS (
                SELECT date_trunc(\(unit), hour AT TIME ZONE \(zone)) AS local_start, sum(requests) AS requests,
                       sum(input_uncached::numeric + cache_read + cache_write + output + reasoning) AS tokens,
                       sum(\(costSource.column)) AS cost
                FROM \(source)
                GROUP BY 1
            )
            SELECT b.local_start AT TIME ZONE \(zone) AS start, COALESCE(s.requests, 0)::bigint AS requests,
                   COALESCE(s.tokens, 0)::bigint AS tokens, COALESCE(s.cost, 0)::bigint AS cost
            FROM buckets b LEFT JOIN sums s USING (local_start) ORDER BY 1
            """), reading: { column in
                TrendBucket(start: try column("start"), requests: try column("requests"), tokens: try column("tokens"), costNanos: try column("cost"))
            })
    }
}

extension CostSource {
    var column: String { self == .computed ? "cost_nanos" : "cost_reported_nanos" }
}

extension UsageDimension {
    /// The column of the full rollup key.
    var storedColumn: String {
        switch self {
        case .apiKey: "api_key_id"
        case .user: "end_user"
        default: rawValue
        }
    }

    /// What readers select and group by: text in both rollup tables.
    var column: String { storedColumn + "::text" }
}
