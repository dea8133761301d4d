import LedgerCore
import LedgerStore

/// Reading the organization's audit trail (writing happens inside each action's transaction).
public struct AuditLogService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func list(
        _ scope: TenantScope, filter: AuditLogRepository.Filter, limit: Int, before: Int64?
    ) async throws -> Page<AuditEvent> {
        if let from = filter.from, let to = filter.to, from > to {
            throw LedgerError.badRequest(
                code: "INVALID_DATE_RANGE", message: "from must not be after to",
                details: ["from": "\(from)", "to": "\(to)"])
        }
        return try await database.tenant(scope) {
            try await AuditLogRepository($0).list(scope, filter: filter, limit: limit, before: before)
        }
    }
}
