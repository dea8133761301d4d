public import Foundation
public import LedgerCore
public import LedgerStore

/// An organization's budgets: what they allow, where they stand, and whether a spend fits.
public struct BudgetService: Sendable {
    let database: Database
    let evaluator: BudgetEvaluator

    public init(database: Database, evaluator: BudgetEvaluator) {
        self.database = database
        self.evaluator = evaluator
    }

    public func create(_ draft: BudgetDraft, by principal: Principal, origin: RequestOrigin) async throws -> Budget {
        let budget = try draft.newBudget(in: principal.orgID)
        try await database.audited(
            "created", budget.id, by: principal, origin: origin,
            details: ["limit_nanos": .integer(budget.limitNanos), "action": .string(budget.action.rawValue)]
        ) { try await BudgetRepository($0).save(budget) }
        evaluator.spendChanged(in: principal.scope)
        return budget
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<Budget> {
        try await database.read(in: scope) { try await BudgetRepository($0).list(scope, page: page) }
    }

    public func get(_ scope: TenantScope, id: BudgetID) async throws -> Budget {
        guard let budget = try await database.read(in: scope, { try await BudgetRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(BudgetEntity.self)
        }
        return budget
    }

    public func update(_ id: BudgetID, _ draft: BudgetDraft, by principal: Principal, origin: RequestOrigin) async throws -> Budget {
        var budget = try draft.applied(to: try await get(principal.scope, id: id))
        budget.updatedAt = Date()
        try await database.audited(
            "updated", id, by: principal, origin: origin,
            details: ["limit_nanos": .integer(budget.limitNanos), "enabled": .bool(budget.enabled)]
        ) { [budget] in try await BudgetRepository($0).save(budget) }
        evaluator.spendChanged(in: principal.scope)
        return budget
    }

    public func delete(_ id: BudgetID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await get(principal.scope, id: id)
        try await database.audited("deleted", id, by: principal, origin: origin) {
            try await BudgetRepository($0).delete(principal.scope, id: id)
        }
    }

    /// The budget's current period, its spend so far and where that leads.
    public func status(_ scope: TenantScope, id: BudgetID, now: Date = Date()) async throws -> (Budget, BudgetStatus) {
        let budget = try await get(scope, id: id)
        let statuses = try await database.read(in: scope) { try await BudgetEvaluator.statuses(of: [budget], in: scope, on: $0, now: now) }
        return (budget, statuses[0])
    }

    /// A spend the caller is about to make, and the scope it falls in.
    public struct Spend: Sendable {
        public var amountNanos: NanoUSD
        public var project, provider, model, endpoint, endUser: String?
        public var apiKey: APIKeyID?

        public init(
            amountNanos: NanoUSD, project: String?, provider: String?, model: String?, endpoint: String?, apiKey: APIKeyID?,
            endUser: String?
        ) {
            self.amountNanos = amountNanos
            self.project = project
            self.provider = provider
            self.model = model
            self.endpoint = endpoint
            self.apiKey = apiKey
            self.endUser = endUser
        }

        /// The spend as `principal` makes it: one that names no API key is the calling key's.
        func made(by principal: Principal) -> Spend {
            var spend = self
            spend.apiKey = apiKey ?? principal.apiKeyID
            return spend
        }
    }

    /// Every enabled budget the spend falls in, with where the spend would take it. The spend
    /// is refused when it would take any `block` budget past its limit; the deciding budget is
    /// the one of those with the least left (the strictest). `notify` budgets never refuse.
    /// A spend that names no API key is the calling key's, when an API key calls.
    public func check(_ spend: Spend, by principal: Principal, now: Date = Date()) async throws -> BudgetCheck {
        let scope = principal.scope
        let spend = spend.made(by: principal)
        return try await database.read(in: scope) { connection in
            let budgets = try await BudgetRepository(connection).enabled(scope).filter {
                $0.scope.covers(
                    project: spend.project, provider: spend.provider, model: spend.model, endpoint: spend.endpoint,
                    apiKey: spend.apiKey, endUser: spend.endUser)
            }
            let statuses = try await BudgetEvaluator.statuses(of: budgets, in: scope, on: connection, now: now)
            return BudgetCheck(amountNanos: spend.amountNanos, budgets: Array(zip(budgets, statuses)))
        }
    }
}

extension BudgetService {
    /// Holds `spend` against every enabled `block` budget it falls in, if none would pass its
    /// limit counting its spend so far and the holds not yet ended; else 402 `BUDGET_EXCEEDED`
    /// naming the strictest. The budgets' rows stay locked until the hold is written, so
    /// concurrent reservations (any replica) pass a limit by at most one request's estimate:
    /// the actual cost of calls settled since their usage was recorded.
    /// As in `check`, a spend that names no API key is the calling key's.
    public func reserve(_ spend: Spend, holdSeconds: Int?, by principal: Principal) async throws -> BudgetReservation {
        let scope = principal.scope
        let spend = spend.made(by: principal)
        let hold = TimeInterval(holdSeconds ?? Int(BudgetReservation.defaultHold))
        guard hold >= 1, hold <= BudgetReservation.maximumHold else {
            throw LedgerError.validation([FieldIssue(field: "hold_seconds", message: "must be from 1 to \(Int(BudgetReservation.maximumHold))")])
        }
        let now = Date()
        return try await database.tenant(scope) { transaction in
            let budgets = try await BudgetRepository(transaction).enabled(scope).filter {
                $0.action == .block
                    && $0.scope.covers(
                        project: spend.project, provider: spend.provider, model: spend.model, endpoint: spend.endpoint,
                        apiKey: spend.apiKey, endUser: spend.endUser)
            }
            let reservations = BudgetReservationRepository(transaction)
            try await reservations.lock(scope, budgets: budgets.map(\.id))
            let statuses = try await BudgetEvaluator.statuses(of: budgets, in: scope, on: transaction, now: now)
            let held = try await reservations.held(scope, budgets: budgets.map(\.id))
            // What each budget has left once its spend and holds are counted, exactly.
            let refusals = zip(budgets, statuses).compactMap { budget, status -> (Budget, NanoUSD)? in
                let available = Int128(budget.limitNanos) - Int128(status.spentNanos) - Int128(held[budget.id] ?? 0)
                return Int128(spend.amountNanos) > available ? (budget, NanoUSD(clamping: max(available, 0))) : nil
            }
            if let (budget, left) = refusals.min(by: { $0.1 < $1.1 }) {
                throw LedgerError.limitReached(
                    code: "BUDGET_EXCEEDED",
                    message: "The spend would take budget '\(budget.name)' past its limit",
                    details: [
                        "budget_id": .string(budget.id.description), "limit_usd": .string(budget.limitNanos.usdString(decimals: 9)),
                        "available_usd": .string(left.usdString(decimals: 9)),
                    ])
            }
            let reservation = BudgetReservation(
                id: BudgetReservationID(), orgID: scope.orgID, budgetIDs: budgets.map(\.id), amountNanos: spend.amountNanos,
                status: .held, settledNanos: nil, expiresAt: now.addingTimeInterval(hold), createdAt: now)
            try await reservations.insert(reservation)
            return reservation
        }
    }

    public func reservation(_ scope: TenantScope, id: BudgetReservationID) async throws -> BudgetReservation {
        guard let found = try await database.read(in: scope, { try await BudgetReservationRepository($0).find(scope, id: id) })
        else { throw LedgerError.notFound(BudgetReservationEntity.self) }
        return found
    }

    /// Ends a hold: `settled` with the call's actual cost (record its usage first, so the
    /// spend is counted before the hold stops being), or `released` when the call was not made.
    public func end(
        _ id: BudgetReservationID, as status: BudgetReservation.Status, actualNanos: NanoUSD? = nil, in scope: TenantScope
    ) async throws -> BudgetReservation {
        let existing = try await reservation(scope, id: id)
        guard let ended = try await database.write(in: scope, {
            try await BudgetReservationRepository($0).end(scope, id: id, as: status, settledNanos: actualNanos)
        }) else {
            throw LedgerError.conflict("The reservation is already \(existing.status.rawValue)")
        }
        return ended
    }
}

/// The answer to "would this spend be allowed?".
public struct BudgetCheck: Sendable {
    public struct Entry: Sendable {
        public var budget: Budget
        public var status: BudgetStatus
        public var wouldSpendNanos: NanoUSD
        public var wouldExceed: Bool
    }

    public var amountNanos: NanoUSD
    public var entries: [Entry]
    /// The strictest `block` budget the spend would pass, if any: then the spend is refused.
    public var deciding: Entry?
    public var allowed: Bool { deciding == nil }

    init(amountNanos: NanoUSD, budgets: [(Budget, BudgetStatus)]) {
        self.amountNanos = amountNanos
        entries = budgets.map { budget, status in
            let (sum, overflow) = status.spentNanos.addingReportingOverflow(amountNanos)
            let would = overflow ? NanoUSD.max : sum
            return Entry(budget: budget, status: status, wouldSpendNanos: would, wouldExceed: would > budget.limitNanos)
        }
        deciding = entries.filter { $0.budget.action == .block && $0.wouldExceed }
            .min { ($0.budget.limitNanos - $0.status.spentNanos) < ($1.budget.limitNanos - $1.status.spentNanos) }
    }
}
