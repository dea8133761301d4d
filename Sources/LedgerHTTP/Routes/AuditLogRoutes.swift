import Foundation
import HTTPTypes
import LedgerCore
import LedgerServices
import LedgerStore
import OpenAPIKit

extension Endpoint where Input == NoInput, Output == AuditLogResponse {
    static let listAuditLog = Endpoint(
        .get, "/api/v1/audit-log", operationID: "listAuditLog", tag: "Audit log",
        summary: "The organization's security and administrative events, newest first",
        access: .permission(Permission(.auditLog, .read)),
        parameters: [
            .query("actor", "Only events by this user or API key id", schema: .string(format: .uuid)),
            .query("action", "Only this action, e.g. auth.login_failed", schema: .string),
            .query("target", "Only events about this target id", schema: .string),
            .query("from", "Events at or after this time (RFC 3339)", schema: .string(format: .dateTime)),
            .query("to", "Events before this time (RFC 3339)", schema: .string(format: .dateTime)),
        ] + EndpointParameter.pagination)
}

public struct AuditLogRoutes: Sendable {
    let audit: AuditLogService

    public init(audit: AuditLogService) {
        self.audit = audit
    }

    public func register(in api: inout APIRegistry) {
        api.route(.listAuditLog) { request, caller in
            func date(_ name: String) throws -> Date? {
                guard let text = request.query(name) else { return nil }
                guard let date = JSONCoding.parseDate(text) else {
                    throw LedgerError.badRequest(
                        code: "INVALID_PARAMETERS", message: "\(name) must be an RFC 3339 timestamp", details: [name: text])
                }
                return date
            }
            var actor: UUID?
            if let text = request.query("actor") {
                guard let id = UUID(uuidString: text) else {
                    throw LedgerError.badRequest(code: "INVALID_PARAMETERS", message: "actor must be an id", details: ["actor": text])
                }
                actor = id
            }
            var before: Int64?
            if let cursor = request.query("cursor") {
                guard let id = Int64(cursor) else {
                    throw LedgerError.badRequest(code: "INVALID_CURSOR", message: "The cursor is not one this API issued")
                }
                before = id
            }
            let limit = try request.pageRequest().limit
            let filter = AuditLogRepository.Filter(
                actorID: actor, action: request.query("action"), targetID: request.query("target"), from: try date("from"),
                to: try date("to"))
            let page = try await audit.list(caller.scope, filter: filter, limit: limit, before: before)
            return AuditLogResponse(data: page.items.map(AuditEventBody.init), nextCursor: page.nextCursor)
        }
    }
}
