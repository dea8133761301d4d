public import Foundation

public enum AlertRuleEntity {}
public typealias AlertRuleID = Identifier<AlertRuleEntity>
public enum AlertEventEntity {}
public typealias AlertEventID = Identifier<AlertEventEntity>

/// A condition on recent usage, checked every minute by one replica; crossing it fires
/// `alert.triggered`, leaving it `alert.resolved`.
public struct AlertRule: Sendable, Equatable {
    public enum Condition: String, Sendable, Codable, CaseIterable {
        /// USD per hour over the window.
        case costPerHour = "cost_per_hour"
        /// USD per day over the window.
        case costPerDay = "cost_per_day"
        /// Milliseconds.
        case avgLatency = "avg_latency"
        case p95Latency = "p95_latency"
        /// Errors per request, 0 to 1.
        case errorRate = "error_rate"
        /// Requests per minute.
        case requestRate = "request_rate"
        /// Tokens per minute.
        case tokenRate = "token_rate"
        /// The window's cost as a multiple of the average cost of a window as long over the
        /// previous seven days.
        case anomaly

        public var defaultWindowMinutes: Int {
            switch self {
            case .costPerDay: 1440
            case .costPerHour, .anomaly: 60
            default: 15
            }
        }
    }

    public enum Comparison: String, Sendable, Codable, CaseIterable {
        case gt, gte, lt, lte

        public func holds(_ value: Decimal, _ threshold: Decimal) -> Bool {
            switch self {
            case .gt: value > threshold
            case .gte: value >= threshold
            case .lt: value < threshold
            case .lte: value <= threshold
            }
        }
    }

    public enum State: String, Sendable, Codable, CaseIterable { case ok, firing }

    public var id: AlertRuleID
    public var orgID: OrgID
    public var name: String
    public var condition: Condition
    public var comparison: Comparison
    public var threshold: Decimal
    public var windowMinutes: Int
    public var scope: UsageScope
    public var cooldownMinutes: Int
    public var enabled: Bool
    public var state: State
    public var lastValue: Decimal?
    public var lastTriggeredAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: AlertRuleID, orgID: OrgID, name: String, condition: Condition, comparison: Comparison, threshold: Decimal,
        windowMinutes: Int, scope: UsageScope, cooldownMinutes: Int, enabled: Bool, state: State, lastValue: Decimal?,
        lastTriggeredAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.condition = condition
        self.comparison = comparison
        self.threshold = threshold
        self.windowMinutes = windowMinutes
        self.scope = scope
        self.cooldownMinutes = cooldownMinutes
        self.enabled = enabled
        self.state = state
        self.lastValue = lastValue
        self.lastTriggeredAt = lastTriggeredAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public static let windowRange = 1...10_080
    public static let cooldownRange = 0...10_080

    /// What the rule's evaluation at `now` with `value` (nil: no usage to measure) leads to.
    public func transition(value: Decimal?, now: Date) -> AlertTransition? {
        let holds = value.map { comparison.holds($0, threshold) } ?? false
        switch state {
        case .ok where holds:
            let cooledDown = lastTriggeredAt.map { now.timeIntervalSince($0) >= Double(cooldownMinutes) * 60 } ?? true
            return cooledDown ? .triggered : nil
        case .firing where !holds: return .resolved
        default: return nil
        }
    }
}

public enum AlertTransition: String, Sendable, Codable, CaseIterable {
    case triggered, resolved
}

/// A firing or resolution, as kept in the history.
public struct AlertEvent: Sendable, Equatable {
    public var id: AlertEventID
    public var orgID: OrgID
    public var ruleID: AlertRuleID
    public var kind: AlertTransition
    public var value: Decimal?
    public var threshold: Decimal
    public var occurredAt: Date

    public init(
        id: AlertEventID, orgID: OrgID, ruleID: AlertRuleID, kind: AlertTransition, value: Decimal?, threshold: Decimal,
        occurredAt: Date
    ) {
        self.id = id
        self.orgID = orgID
        self.ruleID = ruleID
        self.kind = kind
        self.value = value
        self.threshold = threshold
        self.occurredAt = occurredAt
    }
}

/// What was measured over a rule's window, from which its condition's value is read.
public struct AlertMeasurement: Sendable, Equatable {
    public var requests: Int64
    public var errors: Int64
    public var costNanos: NanoUSD
    public var tokens: Int64
    public var averageLatencyMs: Decimal?
    public var p95LatencyMs: Decimal?
    /// The average cost of a window as long over the previous seven days (for `anomaly`).
    public var usualCostNanos: Decimal

    public init(
        requests: Int64, errors: Int64, costNanos: NanoUSD, tokens: Int64, averageLatencyMs: Decimal?, p95LatencyMs: Decimal?,
        usualCostNanos: Decimal
    ) {
        self.requests = requests
        self.errors = errors
        self.costNanos = costNanos
        self.tokens = tokens
        self.averageLatencyMs = averageLatencyMs
        self.p95LatencyMs = p95LatencyMs
        self.usualCostNanos = usualCostNanos
    }

    /// The condition's value over `windowMinutes`; nil when there is nothing to measure (no
    /// requests for a rate of errors or a latency, no usual cost for an anomaly).
    public func value(of condition: AlertRule.Condition, windowMinutes: Int) -> Decimal? {
        let minutes = Decimal(windowMinutes)
        let usd = Decimal(costNanos) / 1_000_000_000
        switch condition {
        case .costPerHour: return usd * 60 / minutes
        case .costPerDay: return usd * 1440 / minutes
        case .avgLatency: return averageLatencyMs
        case .p95Latency: return p95LatencyMs
        case .errorRate: return requests > 0 ? Decimal(errors) / Decimal(requests) : nil
        case .requestRate: return Decimal(requests) / minutes
        case .tokenRate: return Decimal(tokens) / minutes
        case .anomaly: return usualCostNanos > 0 ? Decimal(costNanos) / usualCostNanos : nil
        }
    }
}
