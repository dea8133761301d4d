public import Logging

extension PeriodicJob {
    /// Evaluates every organization's budgets each minute: period resets, and spend recorded
    /// by another replica. Any number of replicas may run it (crossings are recorded once).
    public static func sweepBudgets(_ evaluator: BudgetEvaluator, logger: Logger) -> PeriodicJob {
        PeriodicJob(name: "sweep budgets", interval: .seconds(60), logger: logger) {
            try await evaluator.sweep()
        }
    }
}
