public import Foundation
public import LedgerCore
public import LedgerStore

/// A rule as a caller states it: nil leaves a field as it is (or at its default, on create).
public struct AlertRuleDraft: Sendable, Equatable, Codable {
    public var name: String?
    public var condition: AlertRule.Condition?
    public var comparison: AlertRule.Comparison?
    public var threshold: Decimal?
    public var windowMinutes: Int?
    public var scope: UsageScope?
    public var cooldownMinutes: Int?
    public var enabled: Bool?

    func applied(to rule: AlertRule) throws(LedgerError) -> AlertRule {
        var result = rule
        var issues: [FieldIssue] = []
        if let name {
            issues += IdentityValidation.name(name, field: "name")
            result.name = name
        }
        if let condition {
            result.condition = condition
            if windowMinutes == nil, rule.condition != condition { result.windowMinutes = condition.defaultWindowMinutes }
        }
        if let comparison { result.comparison = comparison }
        if let threshold {
            if threshold.isNaN || threshold < 0 { issues.append(FieldIssue(field: "threshold", message: "must be a number of at least 0")) }
            result.threshold = threshold
        }
        if let windowMinutes {
            if !AlertRule.windowRange.contains(windowMinutes) {
                issues.append(FieldIssue(field: "window_minutes", message: "must be from 1 to \(AlertRule.windowRange.upperBound)"))
            }
            result.windowMinutes = windowMinutes
        }
        if let cooldownMinutes {
            if !AlertRule.cooldownRange.contains(cooldownMinutes) {
                issues.append(FieldIssue(field: "cooldown_minutes", message: "must be from 0 to \(AlertRule.cooldownRange.upperBound)"))
            }
            result.cooldownMinutes = cooldownMinutes
        }
        if let scope {
            issues += scope.issues(field: "scope")
            result.scope = scope
        }
        if let enabled { result.enabled = enabled }
        if !issues.isEmpty { throw .validation(issues) }
        return result
    }
}

extension AlertRuleDraft {
    /// A draft that states nothing, to set fields on (tests use the memberwise initializer).
    public static var unchanged: AlertRuleDraft { AlertRuleDraft() }
}

/// An organization's alert rules and their history.
public struct AlertRuleService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func create(_ draft: AlertRuleDraft, by principal: Principal, origin: RequestOrigin) async throws -> AlertRule {
        var missing: [FieldIssue] = []
        if draft.name == nil { missing.append(FieldIssue(field: "name", message: "is required")) }
        if draft.condition == nil { missing.append(FieldIssue(field: "condition", message: "is required")) }
        if draft.threshold == nil { missing.append(FieldIssue(field: "threshold", message: "is required")) }
        guard missing.isEmpty, let condition = draft.condition else { throw LedgerError.validation(missing) }
        let now = Date()
        let rule = try draft.applied(to: AlertRule(
            id: AlertRuleID(), orgID: principal.orgID, name: "", condition: condition, comparison: .gt, threshold: 0,
            windowMinutes: condition.defaultWindowMinutes, scope: UsageScope(), cooldownMinutes: 60, enabled: true, state: .ok,
            lastValue: nil, lastTriggeredAt: nil, createdAt: now, updatedAt: now))
        try await database.audited("created", rule.id, by: principal, origin: origin, details: ["condition": .string(rule.condition.rawValue)]) {
            try await AlertRuleRepository($0).save(rule)
        }
        return rule
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<AlertRule> {
        try await database.read(in: scope) { try await AlertRuleRepository($0).list(scope, page: page) }
    }

    public func get(_ scope: TenantScope, id: AlertRuleID) async throws -> AlertRule {
        guard let rule = try await database.read(in: scope, { try await AlertRuleRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(AlertRuleEntity.self)
        }
        return rule
    }

    public func update(_ id: AlertRuleID, _ draft: AlertRuleDraft, by principal: Principal, origin: RequestOrigin) async throws -> AlertRule {
        var rule = try draft.applied(to: try await get(principal.scope, id: id))
        rule.updatedAt = Date()
        try await database.audited("updated", id, by: principal, origin: origin) { [rule] in try await AlertRuleRepository($0).save(rule) }
        return try await get(principal.scope, id: id)
    }

    public func delete(_ id: AlertRuleID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await get(principal.scope, id: id)
        try await database.audited("deleted", id, by: principal, origin: origin) {
            try await AlertRuleRepository($0).delete(principal.scope, id: id)
        }
    }

    public func events(_ scope: TenantScope, rule: AlertRuleID?, page: PageRequest) async throws -> Page<AlertEvent> {
        try await database.read(in: scope) { try await AlertEvaluationRepository($0).events(scope, rule: rule, page: page) }
    }
}
