/// An entity the API names: in messages (`Alert rule not found`) and as the target type of its
/// audit entries (`alert_rule`). Declared once on the entity, so a 404 for its id and an audit
/// entry about it read the same wherever they come from.
public protocol NamedEntity {
    static var displayName: String { get }
    static var auditType: String { get }
}

extension LedgerError {
    /// No `Entity` with that id in the caller's organization.
    public static func notFound<Entity: NamedEntity>(_ entity: Entity.Type) -> LedgerError {
        .notFound(resource: Entity.displayName)
    }
}

extension OrganizationEntity: NamedEntity {
    public static let displayName = "Organization"
    public static let auditType = "organization"
}

extension UserEntity: NamedEntity {
    public static let displayName = "User"
    public static let auditType = "user"
}

extension APIKeyEntity: NamedEntity {
    public static let displayName = "API key"
    public static let auditType = "api_key"
}

extension UsageEventEntity: NamedEntity {
    public static let displayName = "Usage event"
    public static let auditType = "usage_event"
}

extension PriceDefinitionEntity: NamedEntity {
    public static let displayName = "Price definition"
    public static let auditType = "price_definition"
}

extension BudgetEntity: NamedEntity {
    public static let displayName = "Budget"
    public static let auditType = "budget"
}

extension BudgetReservationEntity: NamedEntity {
    public static let displayName = "Budget reservation"
    public static let auditType = "budget_reservation"
}

extension AlertRuleEntity: NamedEntity {
    public static let displayName = "Alert rule"
    public static let auditType = "alert_rule"
}

extension WebhookEndpointEntity: NamedEntity {
    public static let displayName = "Webhook endpoint"
    public static let auditType = "webhook"
}

extension WebhookDeliveryEntity: NamedEntity {
    public static let displayName = "Webhook delivery"
    public static let auditType = "webhook_delivery"
}
