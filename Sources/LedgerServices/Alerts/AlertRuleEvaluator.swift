public import Foundation
import LedgerCore
public import LedgerStore
public import Logging

/// Evaluates every enabled alert rule, one replica per interval (`PeriodicJob.evaluateAlertRules`).
public struct AlertRuleEvaluator: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// One round: each rule measured and moved on; one rule's failure is logged and the rest go on.
    public func evaluateAll(now: Date = Date()) async throws {
        for rule in try await AlertEvaluationRepository(database).enabledRules() {
            do {
                try await evaluate(rule, now: now)
            } catch {
                logger.warning(
                    "alert rule could not be evaluated", metadata: ["rule": "\(rule.id)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    /// The rule's state, its event and its webhook, in one transaction.
    func evaluate(_ rule: AlertRule, now: Date) async throws {
        try await database.tenant(TenantScope(orgID: rule.orgID)) { transaction in
            let repository = AlertEvaluationRepository(transaction)
            let value = try await repository.measure(rule, now: now).value(of: rule.condition, windowMinutes: rule.windowMinutes)
            let transition = rule.transition(value: value, now: now)
            guard let event = try await repository.record(rule, value: value, transition: transition, at: now) else { return }
            try await WebhookOutbox.announce(
                event.kind == .triggered ? .alertTriggered : .alertResolved, in: rule.orgID, by: nil,
                data: [
                    "rule_id": .string(rule.id.description), "alert_event_id": .string(event.id.description), "name": .string(rule.name),
                    "condition": .string(rule.condition.rawValue), "comparison": .string(rule.comparison.rawValue),
                    "threshold": .string(rule.threshold.description), "value": value.map { .string($0.description) } ?? .null,
                    "window_minutes": .integer(Int64(rule.windowMinutes)),
                ],
                on: transaction)
        }
    }
}

extension PeriodicJob {
    /// Alert rules evaluated each `interval` by one replica: every replica tries, and the one
    /// that takes the round (`JobRoundRepository`) runs it; a round left by a replica that
    /// died is simply taken at the next interval.
    public static func evaluateAlertRules(_ evaluator: AlertRuleEvaluator, interval: Duration, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "evaluate alert rules", interval: interval, logger: logger) {
            try await evaluator.database.transaction { transaction in
                guard try await JobRoundRepository(transaction).claim("alert_rules", every: interval) else { return }
                try await evaluator.evaluateAll()
            }
        }
    }
}
