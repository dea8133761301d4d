import Foundation
public import LedgerCore
public import LedgerStore

/// Ingest and reading of the ledger. Each event is priced from the catalog in effect at its
/// own time; one with no price is stored `unpriced` (re-pricing picks it up later). A retried
/// write (same Idempotency-Key or request_id) answers the original event and adds nothing.
public struct UsageService: Sendable {
    public enum Outcome: Sendable {
        case accepted(UsageEvent)
        case duplicate(UsageEvent)
        case rejected(LedgerError)
    }

    let database: Database
    let rules: UsageRules
    /// Told of every commit that adds spend, so budgets are evaluated without polling.
    let budgets: BudgetEvaluator?
    /// Counts admitted events against the organization's monthly quota.
    let quota: EventQuota?
    let metrics: ServerMetrics?
    /// The price candidates ingest has read, while every change is heard.
    let prices: PriceCandidatesCache?
    private let commits: GroupCommit<TenantScope, Prepared, Outcome>

    public init(
        database: Database, rules: UsageRules = UsageRules(), commitsPerOrganization: Int = 1, budgets: BudgetEvaluator? = nil,
        quota: EventQuota? = nil, metrics: ServerMetrics? = nil, prices: PriceCandidatesCache? = nil
    ) {
        self.database = database
        self.quota = quota
        self.metrics = metrics
        self.rules = rules
        self.budgets = budgets
        self.prices = prices
        self.commits = GroupCommit(maxCommitsPerGroup: commitsPerOrganization) {
            metrics?.committedBatch(size: $0.count)
            return try await Self.store($0, scope: $1, in: database, prices: prices, countedIn: metrics)
        }
    }

    /// An event ready to store, with the key that makes its retries safe.
    package struct Prepared: Sendable {
        package let event: UsageEvent
        let key: String?
    }

    /// Concurrent single ingests share commits (see `GroupCommit`). A retry with the same
    /// Idempotency-Key (or request_id) answers the original event.
    public func ingest(_ record: UsageRecord, idempotencyKey: String?, by principal: Principal) async throws -> Outcome {
        switch try await prepare(record, idempotencyKey: idempotencyKey, by: principal) {
        case .failure(let error): return .rejected(error)
        case .success(let entry):
            try await quota?.spend(1, in: principal.scope)
            let outcome = try await commits.submit(entry, in: principal.scope)
            if case .accepted = outcome { budgets?.spendChanged(in: principal.scope) }
            return outcome
        }
    }

    /// What single ingest does before it counts and commits an event: its retry key, the
    /// organization it names, its checks. Apart so that Benchmarks/Server can answer ingest
    /// without a commit, the ceiling any commit design can reach.
    package func prepare(_ record: UsageRecord, idempotencyKey: String?, by principal: Principal) async throws -> Result<Prepared, LedgerError> {
        let key = try rules.retryKey(idempotencyKey: idempotencyKey, requestID: record.requestID)
        let slug = try await slug(ifStatedIn: [record], by: principal)
        return prepare(record, key: key, by: principal, slug: slug, now: Date())
    }

    /// A batch as decoded: each position holds a record or why it could not be read. The valid
    /// records are stored in one transaction; every position gets its outcome.
    public func ingest(batch: [Result<UsageRecord, LedgerError>], by principal: Principal) async throws -> [Outcome] {
        try rules.checkBatchSize(batch.count)
        let now = Date()
        var outcomes = [Outcome?](repeating: nil, count: batch.count)
        var entries: [Prepared] = []
        var positions: [Int] = []
        let slug = try await slug(ifStatedIn: batch.compactMap { try? $0.get() }, by: principal)
        for (index, decoded) in batch.enumerated() {
            switch decoded.flatMap({ prepare($0, key: rules.retryKey(requestID: $0.requestID), by: principal, slug: slug, now: now) }) {
            case .failure(let error): outcomes[index] = .rejected(error)
            case .success(let entry):
                entries.append(entry)
                positions.append(index)
            }
        }
        // All the batch's valid records or none: a quota never stores half a batch.
        try await quota?.spend(entries.count, in: principal.scope)
        for (index, outcome) in zip(positions, try await Self.store(entries, scope: principal.scope, in: database, prices: prices, countedIn: metrics)) {
            outcomes[index] = outcome
        }
        if !entries.isEmpty { budgets?.spendChanged(in: principal.scope) }
        return outcomes.map { $0! }
    }

    /// The caller's organization slug, read only when a record names an organization other
    /// than by the caller's id.
    private func slug(ifStatedIn records: [UsageRecord], by principal: Principal) async throws -> String? {
        guard records.contains(where: { StatedOrganization.needsSlug($0.statedOrganization, of: principal.scope) }) else { return nil }
        let scope = principal.scope
        return try await database.read(in: scope) { try await OrganizationRepository($0).find(scope)?.slug }
    }

    private func prepare(
        _ record: UsageRecord, key: String?, by principal: Principal, slug: String?, now: Date
    ) -> Result<Prepared, LedgerError> {
        let event = UsageEvent(
            id: UsageEventID(), orgID: principal.scope.orgID, receivedAt: now, apiKeyID: principal.apiKeyID, record: record)
        var issues = rules.check(event, now: now)
        if !StatedOrganization.isOwn(record.statedOrganization, of: principal.scope, slug: slug) { issues.append(StatedOrganization.notOwn) }
        return issues.isEmpty ? .success(Prepared(event: event, key: key)) : .failure(.validation(issues))
    }

    /// Prices the events (each model's candidates read once), then stores them. Without retry
    /// keys that is one statement, atomic on its own: the events with their rollup
    /// contributions. With keys, one transaction: one statement claims the keys, one writes
    /// the events with their contributions. A key repeated among the entries is a duplicate of
    /// its first occurrence; a key already held answers the original event.
    static func store(
        _ entries: [Prepared], scope: TenantScope, in database: Database, prices: PriceCandidatesCache?,
        countedIn metrics: ServerMetrics?
    ) async throws -> [Outcome] {
        let outcomes = try await store(entries, scope: scope, in: database, prices: prices)
        metrics?.recorded(outcomes.compactMap { if case .accepted(let event) = $0 { event } else { nil } })
        return outcomes
    }

    static func store(
        _ entries: [Prepared], scope: TenantScope, in database: Database, prices: PriceCandidatesCache?
    ) async throws -> [Outcome] {
        guard !entries.isEmpty else { return [] }
        var firstWithKey: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if let key = entry.key, firstWithKey[key] == nil { firstWithKey[key] = index }
        }
        let isFirst = { (index: Int) in entries[index].key.map { firstWithKey[$0] == index } ?? true }
        var book = PriceBook(database, scope: scope, cache: prices)
        var costs: [(index: Int, cost: Result<CostBreakdown?, LedgerError>)] = []
        for (index, entry) in entries.enumerated() where isFirst(index) {
            costs.append((index, try await book.cost(of: entry.event)))
        }
        var outcomes = [Outcome?](repeating: nil, count: entries.count)
        // Priced first, so a record refused for its cost claims no key.
        var priced: [(index: Int, event: UsageEvent)] = []
        for (index, cost) in costs {
            switch cost {
            case .success(let cost):
                var event = entries[index].event
                event.cost = cost
                priced.append((index, event))
            case .failure(let error):
                outcomes[index] = .rejected(error)
            }
        }
        guard !firstWithKey.isEmpty else {
            try await database.write(in: scope) { try await UsageRepository($0).insertWithRollups(priced.map(\.event)) }
            for (index, event) in priced { outcomes[index] = .accepted(event) }
            return outcomes.map { $0! }
        }
        return try await database.tenant(scope) { [outcomes] transaction in
            var outcomes = outcomes
            let usage = UsageRepository(transaction)
            let held = try await usage.claim(
                scope, keys: priced.compactMap { index, event in
                    entries[index].key.map { ($0, event.id, event.occurredAt, event.digest) }
                })
            let originals = try await usage.find(scope, ids: Array(Set(held.values.map(\.event))))
            var stored: [UsageEvent] = []
            var orphanKeys: [(key: String, event: UsageEvent)] = []
            for (index, event) in priced {
                if let key = entries[index].key, let holder = held[key] {
                    if let original = originals[holder.event] {
                        outcomes[index] = UsageRules.isRetry(event.digest, of: holder.digest)
                            ? .duplicate(original) : .rejected(UsageRules.keyReused(key))
                        continue
                    }
                    // The event the key named was deleted: this write takes the key over.
                    orphanKeys.append((key, event))
                }
                stored.append(event)
                outcomes[index] = .accepted(event)
            }
            for (index, entry) in entries.enumerated() where !isFirst(index) {
                guard let key = entry.key, let first = firstWithKey[key] else { continue }
                switch outcomes[first] {
                case .accepted(let event), .duplicate(let event):
                    outcomes[index] = UsageRules.isRetry(entry.event.digest, of: entries[first].event.digest)
                        ? .duplicate(event) : .rejected(UsageRules.keyReused(key))
                case .rejected(let error): outcomes[index] = .rejected(error)
                case nil: throw LedgerError.conflict("A repeated key has no first occurrence")
                }
            }
            try await usage.insertWithRollups(stored)
            try await usage.reassign(scope, keys: orphanKeys)
            return outcomes.map { $0! }
        }
    }

    /// Removes an event; the rollups take its contribution back and the audit log records it.
    public func delete(_ id: UsageEventID, by principal: Principal, origin: RequestOrigin) async throws {
        let scope = principal.scope
        try await database.tenant(scope) { transaction in
            guard let event = try await UsageRepository(transaction).delete(scope, id: id) else {
                throw LedgerError.notFound(UsageEventEntity.self)
            }
            try await RollupRepository(transaction).append(event, sign: -1)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: scope.orgID, action: "usage.deleted", target: ("usage_event", id.description), origin: origin,
                details: ["model": .string(event.model), "cost_nanos": .integer(event.cost?.total ?? 0)]))
        }
    }

    /// Recomputes the cost of the window's events (optionally some models) from the catalog
    /// now in effect; the rollups get the difference and the audit log the before/after totals.
    public func reprice(
        _ window: TimeWindow, models: [String], by principal: Principal, origin: RequestOrigin
    ) async throws -> RepricingSummary {
        let scope = principal.scope
        return try await database.tenant(scope) { transaction in
            let usage = UsageRepository(transaction)
            let rollups = RollupRepository(transaction)
            var book = PriceBook(PriceRepository(transaction), scope: scope)
            var summary = RepricingSummary()
            for event in try await usage.lockForRepricing(scope, window: window, models: models) {
                summary.events += 1
                var repriced = event
                switch try await book.cost(of: event) {
                case .success(let cost): repriced.cost = cost
                // Priced past the per-record maximum by the catalog now in effect: keeps its cost.
                case .failure: summary.outOfRange += 1
                }
                summary.beforeNanos = try summary.beforeNanos.checkedAdding(event.cost?.total ?? 0)
                summary.afterNanos = try summary.afterNanos.checkedAdding(repriced.cost?.total ?? 0)
                if repriced.cost == nil { summary.stillUnpriced += 1 }
                guard repriced.cost != event.cost else { continue }
                if event.cost == nil { summary.newlyPriced += 1 }
                summary.changed += 1
                try await usage.setCost(scope, repriced)
                try await rollups.append(event, sign: -1)
                try await rollups.append(repriced)
            }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: scope.orgID, action: "usage.repriced", target: nil, origin: origin,
                details: [
                    "start_date": .string(window.start.formatted(.iso8601)), "end_date": .string(window.end.formatted(.iso8601)),
                    "models": .array(models.map(JSONValue.string)), "events": .integer(Int64(summary.events)),
                    "changed": .integer(Int64(summary.changed)), "out_of_range": .integer(Int64(summary.outOfRange)), "before_nanos": .integer(summary.beforeNanos),
                    "after_nanos": .integer(summary.afterNanos),
                ]))
            return summary
        }
    }

    public func get(_ scope: TenantScope, id: UsageEventID) async throws -> UsageEvent {
        guard let event = try await database.read(in: scope, { try await UsageRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(UsageEventEntity.self)
        }
        return event
    }

    /// Newest first, by cursor.
    public func list(_ scope: TenantScope, filter: UsageFilter, page: PageRequest) async throws -> Page<UsageEvent> {
        try await database.read(in: scope) { connection in
            try await StatedOrganization.check(filter.statedOrganization, of: scope, on: connection)
            return try await UsageRepository(connection).list(scope, filter: filter, page: page)
        }
    }

    /// One numbered page (the logs listing), with the number of matching events.
    public func page(
        _ scope: TenantScope, filter: UsageFilter, sort: UsageSort = .newestFirst, page: OffsetPage
    ) async throws -> NumberedPage<UsageEvent> {
        try await database.read(in: scope) { connection in
            try await StatedOrganization.check(filter.statedOrganization, of: scope, on: connection)
            return try await UsageRepository(connection).page(scope, filter: filter, sort: sort, page: page)
        }
    }
}
