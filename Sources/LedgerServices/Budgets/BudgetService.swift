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
        guard draft.limitNanos != nil else {
            throw LedgerError.validation([FieldIssue(field: "limit_usd", message: "is required (or budget_limit)")])
        }
        let now = Date()
        let period = draft.period ?? .monthly
        let defaults = Budget(
            id: BudgetID(), orgID: principal.orgID, name: "\(period.rawValue.capitalized) budget", scope: BudgetScope(),
            period: BudgetPeriod(recurring: period) ?? .monthly, limitNanos: 1, thresholds: [50, 80, 100], action: .notify,
            notificationChannels: ["webhook"], enabled: true, createdAt: now, updatedAt: now)
        let budget = try draft.applied(to: defaults)
        try await database.tenant(principal.scope) { transaction in
            try await BudgetRepository(transaction).save(budget)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "budget.created", target: ("budget", budget.id.description),
                origin: origin, details: ["limit_nanos": .integer(budget.limitNanos), "action": .string(budget.action.rawValue)]))
        }
        evaluator.spendChanged(in: principal.scope)
        return budget
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<Budget> {
        try await database.read(in: scope) { try await BudgetRepository($0).list(scope, page: page) }
    }

    public func get(_ scope: TenantScope, id: BudgetID) async throws -> Budget {
        guard let budget = try await database.read(in: scope, { try await BudgetRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(resource: "budget")
        }
        return budget
    }

    public func update(_ id: BudgetID, _ draft: BudgetDraft, by principal: Principal, origin: RequestOrigin) async throws -> Budget {
        var budget = try draft.applied(to: try await get(principal.scope, id: id))
        budget.updatedAt = Date()
        try await database.tenant(principal.scope) { [budget] transaction in
            try await BudgetRepository(transaction).save(budget)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "budget.updated", target: ("budget", id.description), origin: origin,
                details: ["limit_nanos": .integer(budget.limitNanos), "enabled": .bool(budget.enabled)]))
        }
        evaluator.spendChanged(in: principal.scope)
        return budget
    }

    public func delete(_ id: BudgetID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await get(principal.scope, id: id)
        try await database.tenant(principal.scope) { transaction in
            try await BudgetRepository(transaction).delete(principal.scope, id: id)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "budget.deleted", target: ("budget", id.description), origin: origin))
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
    }

    /// Every enabled budget the spend falls in, with where the spend would take it. The spend
    /// is refused when it would take any `block` budget past its limit; the deciding budget is
    /// the one of those with the least left (the strictest). `notify` budgets never refuse.
    public func check(_ spend: Spend, in scope: TenantScope, now: Date = Date()) async throws -> BudgetCheck {
        try await database.read(in: scope) { connection in
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
