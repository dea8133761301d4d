public import Foundation
public import LedgerCore
public import LedgerStore
public import Logging
public import ServiceLifecycle
import Synchronization

/// Fires budget events as spend is committed: ingest tells it which organizations' spend
/// changed (`spendChanged`, which returns at once), and it evaluates their budgets off the
/// request path, at most once per organization per `interval`. A periodic sweep (`sweep`)
/// catches period resets and anything a replica missed. Each threshold fires once per period,
/// whatever the number of concurrent evaluations or replicas (`BudgetRepository.recordCrossing`).
public final class BudgetEvaluator: Service, Sendable {
    let database: Database
    let logger: Logger
    let interval: Duration
    private let pending = Mutex(Set<OrgID>())
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    let startGate: StartGate?

    public init(database: Database, logger: Logger, interval: Duration = .milliseconds(200), startingAfter startGate: StartGate? = nil) {
        self.database = database
        self.logger = logger
        self.interval = interval
        self.startGate = startGate
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func spendChanged(in scope: TenantScope) {
        pending.withLock { _ = $0.insert(scope.orgID) }
        wake.yield()
    }

    public func run() async throws {
        if let startGate {
            await cancelWhenGracefulShutdown { await startGate.wait() }
            if !startGate.isOpen { return }
        }
        // Left behind after 5 s of shutdown, like every background round: the sweep catches
        // up on whatever this evaluation did not finish.
        let finished = await leftBehindAtShutdown(after: .seconds(5)) { [self] in await evaluateUntilShutdown() }
        if !finished { logger.notice("budget evaluator left unfinished at shutdown") }
    }

    private func evaluateUntilShutdown() async {
        await cancelWhenGracefulShutdown { [self] in
            for await _ in wakes {
                let organizations = pending.withLock { pending in
                    defer { pending.removeAll() }
                    return pending
                }
                for org in organizations {
                    do {
                        try await evaluate(TenantScope(orgID: org))
                    } catch {
                        logger.warning(
                            "budgets of one organization could not be evaluated; the sweep tries again",
                            metadata: ["org_id": "\(org)", "error": "\(String(reflecting: error))"])
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Every organization with an enabled budget, evaluated: for period resets and spend a
    /// replica did not see (another replica's ingest is seen here within the sweep interval).
    /// One organization's failure is logged and the others go on.
    public func sweep() async throws {
        for scope in try await BudgetRepository(database).organizationsWithBudgets() {
            do {
                try await evaluate(scope)
            } catch {
                logger.warning(
                    "budgets of one organization could not be evaluated; the next sweep tries again",
                    metadata: ["org_id": "\(scope.orgID)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    /// The organization's budgets against their spend: each threshold newly reached in the
    /// current period, and each period newly begun, recorded and announced in one transaction.
    public func evaluate(_ scope: TenantScope, now: Date = Date()) async throws {
        try await database.tenant(scope) { transaction in
            let budgets = try await BudgetRepository(transaction).enabled(scope)
            guard !budgets.isEmpty else { return }
            let statuses = try await Self.statuses(of: budgets, in: scope, on: transaction, now: now)
            let repository = BudgetRepository(transaction)
            for (budget, status) in zip(budgets, statuses) {
                if let previous = try await repository.enterPeriod(scope, budget: budget.id, start: status.window.start) {
                    try await announce(.budgetReset, budget, status, extra: ["previous_period_start": .string(RFC3339.format(previous))], on: transaction)
                }
                for threshold in status.reached {
                    guard try await repository.recordCrossing(
                        scope, budget: budget.id, periodStart: status.window.start, threshold: threshold, spent: status.spentNanos)
                    else { continue }
                    try await announce(
                        threshold >= 100 ? .budgetExceeded : .budgetAlert, budget, status,
                        extra: ["threshold": .integer(Int64(threshold))], on: transaction)
                }
            }
        }
    }

    private func announce(
        _ type: WebhookEventType, _ budget: Budget, _ status: BudgetStatus, extra: [String: JSONValue], on transaction: Transaction
    ) async throws {
        guard budget.notificationChannels.contains("webhook") else { return }
        var data: [String: JSONValue] = [
            "budget_id": .string(budget.id.description), "name": .string(budget.name),
            "current_spend_usd": .string(status.spentNanos.usdString(decimals: 9)), "current_spend_nanos": .integer(status.spentNanos),
            "budget_limit_usd": .string(budget.limitNanos.usdString(decimals: 9)), "budget_limit_nanos": .integer(budget.limitNanos),
            "percent": .string(status.percent), "action": .string(budget.action.rawValue),
            "period_start": .string(RFC3339.format(status.window.start)), "period_end": .string(RFC3339.format(status.window.end)),
        ]
        data.merge(extra) { $1 }
        try await WebhookOutbox.announce(type, in: budget.orgID, by: nil, data: data, on: transaction)
    }

    /// Each budget's status now, its spend read in one statement.
    static func statuses(of budgets: [Budget], in scope: TenantScope, on db: any QueryRunner, now: Date) async throws -> [BudgetStatus] {
        guard !budgets.isEmpty else { return [] }
        let organization = try await OrganizationRepository(db).find(scope)
        let timeZone = organization.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "UTC")!
        let windows = budgets.map { (budget: $0.id, window: $0.period.window(containing: now, in: timeZone)) }
        let spend = try await BudgetRepository(db).spend(scope, of: windows, costSource: organization?.costSource ?? .computed)
        return zip(budgets, windows).map { budget, window in
            BudgetStatus(budget: budget, window: window.window, spentNanos: spend[budget.id] ?? 0, now: now)
        }
    }
}
