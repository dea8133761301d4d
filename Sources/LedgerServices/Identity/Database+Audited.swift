public import LedgerCore
public import LedgerStore

extension Database {
    /// `body` in a transaction of `principal`'s organization, with the audit entry of what it
    /// did to `target` in the same transaction: action `<entity>.<verb>` (`alert_rule.created`),
    /// target the entity's audit type and id. The one shape of every audited change of a resource.
    public func audited<Entity: NamedEntity, Result: Sendable>(
        _ verb: String, _ target: Identifier<Entity>, by principal: Principal, origin: RequestOrigin,
        details: [String: JSONValue] = [:], _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await tenant(principal.scope) { transaction in
            let result = try await body(transaction)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "\(Entity.auditType).\(verb)", target: (Entity.auditType, target.description),
                origin: origin, details: details))
            return result
        }
    }
}
