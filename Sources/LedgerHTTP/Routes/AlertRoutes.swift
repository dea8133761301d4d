import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

/// The alert-rule endpoints, declared from one `ResourceEndpoints`.
enum AlertRuleAPI {
    static let rules = ResourceEndpoints<AlertRuleEntity>(
        "/api/v1/alerts/rules", tag: "Alerts", permission: .alert, operationName: "AlertRule")
    static let create: Endpoint<AlertRuleDraft, NoQuery, AlertRuleBody> = rules.create(
        "Create an alert rule (name, condition and threshold required)")
    static let list: Endpoint<NoInput, CursorPageQuery, AlertRuleListAnswer> = rules.list("List the organization's alert rules")
    static let get: Endpoint<NoInput, NoQuery, AlertRuleBody> = rules.get("One alert rule and its state")
    static let replace: Endpoint<AlertRuleDraft, NoQuery, AlertRuleBody> = rules.change(.put, "Update an alert rule (the fields sent)")
    static let delete = rules.delete("Delete an alert rule and its history")
    static let events = Endpoint<NoInput, AlertEventsQuery, ListResponse<AlertEventBody>>(
        .get, "/api/v1/alerts/events", operationID: "listAlertEvents", tag: "Alerts",
        summary: "Firings and resolutions, newest first", access: .permission(Permission(.alert, .read)))
}

public struct AlertEventsQuery: APIQuery {
    static let rule = QueryParameter.id("rule_id", "Only this rule's events")
    public static let parameters: [any DeclaredQueryParameter] = [rule, PagingParameters.limit, PagingParameters.cursor]

    let rule: AlertRuleID?
    let page: PageRequest

    public init(_ query: QueryValues) throws {
        rule = try query[Self.rule].map(AlertRuleID.init)
        page = try PagingParameters.pageRequest(query)
    }
}

public struct AlertRoutes: Sendable {
    let alerts: AlertRuleService

    public init(alerts: AlertRuleService) {
        self.alerts = alerts
    }

    public func register(in api: inout APIRegistry) {
        api.route(AlertRuleAPI.create) { request, caller in
            AlertRuleBody(try await alerts.create(request.input, by: caller.principal, origin: caller.origin))
        }
        api.route(AlertRuleAPI.list) { request, caller in
            AlertRuleListAnswer(try await alerts.list(caller.scope, page: request.query.page))
        }
        api.route(AlertRuleAPI.get) { request, caller in
            AlertRuleBody(try await alerts.get(caller.scope, id: try request.id()))
        }
        api.route(AlertRuleAPI.replace) { request, caller in
            AlertRuleBody(try await alerts.update(try request.id(), request.input, by: caller.principal, origin: caller.origin))
        }
        api.route(AlertRuleAPI.delete) { request, caller in
            try await alerts.delete(try request.id(), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(AlertRuleAPI.events) { request, caller in
            ListResponse(try await alerts.events(caller.scope, rule: request.query.rule, page: request.query.page), AlertEventBody.init)
        }
    }
}
