/// What a webhook endpoint can subscribe to. `webhook.test` is sent only by the test route,
/// to the endpoint tested, whatever it subscribes to.
public enum WebhookEventType: String, Sendable, Codable, CaseIterable, Comparable {
    case budgetAlert = "budget.alert"
    case budgetExceeded = "budget.exceeded"
    case budgetReset = "budget.reset"
    case alertTriggered = "alert.triggered"
    case alertResolved = "alert.resolved"
    case usageAnomaly = "usage.anomaly"
    case apiKeyCreated = "api_key.created"
    case apiKeyRevoked = "api_key.revoked"
    case apiKeyInvalid = "api_key.invalid"
    case optimizationApplied = "optimization.applied"
    case reportCompleted = "report.completed"
    case memberAdded = "member.added"
    case memberRemoved = "member.removed"
    case webhookDisabled = "webhook.disabled"
    case webhookTest = "webhook.test"

    /// The types an endpoint may name in its subscription.
    public static let subscribable = allCases.filter { $0 != .webhookTest }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
