import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices
import OpenAPIKit

extension Endpoint where Input == NoInput, Query == AuditLogQuery, Output == ListResponse<AuditEventBody> {
    static let listAuditLog = Endpoint(
        .get, "/api/v1/audit-log", operationID: "listAuditLog", tag: "Audit log",
        summary: "The organization's security and administrative events, newest first",
        access: .permission(Permission(.auditLog, .read)))
}

public struct AuditLogQuery: APIQuery {
    static let actor = QueryParameter.id("actor", "Only events by this user or API key id")
    static let action = QueryParameter.text("action", "Only this action, e.g. auth.login_failed")
    static let target = QueryParameter.text("target", "Only events about this target id")
    static let from = QueryParameter.date("from", "Events at or after this time (RFC 3339)")
    static let to = QueryParameter.date("to", "Events before this time (RFC 3339)")
    /// The audit log pages by its sequence number.
    static let cursor = QueryParameter<Int64?>.optional(
        "cursor", "next_cursor of the previous page", schema: .string(maxLength: 20), expectation: "a cursor this API issued",
        read: { boundedText($0, maxLength: 20).flatMap { Int64($0) } }
    ).code("INVALID_CURSOR")
    public static let parameters: [any DeclaredQueryParameter] = [actor, action, target, from, to, PagingParameters.limit, cursor]

    let filter: AuditFilter
    let limit: Int
    let before: Int64?

    public init(_ query: QueryValues) throws {
        filter = AuditFilter(
            actorID: try query[Self.actor], action: try query[Self.action], targetID: try query[Self.target],
            range: try DateRange(start: try query[Self.from], end: try query[Self.to], names: ("from", "to")))
        limit = try PageRequest(limit: try query[PagingParameters.limit]).limit
        before = try query[Self.cursor]
    }
}

public struct AuditLogRoutes: Sendable {
    let audit: AuditLogService

    public init(audit: AuditLogService) {
        self.audit = audit
    }

    public func register(in api: inout APIRegistry) {
        api.route(.listAuditLog) { request, caller in
            let query = request.query
            let page = try await audit.list(caller.scope, filter: query.filter, limit: query.limit, before: query.before)
            return ListResponse(page, AuditEventBody.init)
        }
    }
}
