public import LedgerCore
public import LedgerStore

/// Reading the organization's audit trail (writing happens inside each action's transaction).
public struct AuditLogService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func list(
        _ scope: TenantScope, filter: AuditFilter, limit: Int, before: Int64?
    ) async throws -> Page<AuditEvent> {
        try await database.read(in: scope) {
            try await AuditLogRepository($0).list(scope, filter: filter, limit: limit, before: before)
        }
    }
}
