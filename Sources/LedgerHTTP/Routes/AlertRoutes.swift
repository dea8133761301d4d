import Foundation
import HTTPTypes
import LedgerCore
public import LedgerServices

private let ruleID = EndpointParameter.path("id", "Alert rule id")

extension Endpoint where Input == AlertRuleRequest, Query == NoQuery, Output == AlertRuleBody {
    static let createAlertRule = Endpoint(
        .post, "/api/v1/alerts/rules", operationID: "createAlertRule", tag: "Alerts",
        summary: "Create an alert rule (name, condition and threshold required)", access: .permission(Permission(.alert, .write)),
        success: .created)

    static let replaceAlertRule = Endpoint(
        .put, "/api/v1/alerts/rules/{id}", operationID: "replaceAlertRule", tag: "Alerts",
        summary: "Update an alert rule (the fields sent)", access: .permission(Permission(.alert, .write)), parameters: [ruleID])
}

extension Endpoint where Input == NoInput, Query == CursorPageQuery, Output == AlertRuleList {
    static let listAlertRules = Endpoint(
        .get, "/api/v1/alerts/rules", operationID: "listAlertRules", tag: "Alerts", summary: "List the organization's alert rules",
        access: .permission(Permission(.alert, .read)))
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == AlertRuleBody {
    static let getAlertRule = Endpoint(
        .get, "/api/v1/alerts/rules/{id}", operationID: "getAlertRule", tag: "Alerts", summary: "One alert rule and its state",
        access: .permission(Permission(.alert, .read)), parameters: [ruleID])
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == NoContent {
    static let deleteAlertRule = Endpoint(
        .delete, "/api/v1/alerts/rules/{id}", operationID: "deleteAlertRule", tag: "Alerts",
        summary: "Delete an alert rule and its history", access: .permission(Permission(.alert, .delete)), parameters: [ruleID],
        success: .noContent)
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

extension Endpoint where Input == NoInput, Query == AlertEventsQuery, Output == ListResponse<AlertEventBody> {
    static let listAlertEvents = Endpoint(
        .get, "/api/v1/alerts/events", operationID: "listAlertEvents", tag: "Alerts",
        summary: "Firings and resolutions, newest first", access: .permission(Permission(.alert, .read)))
}

public struct AlertRoutes: Sendable {
    let alerts: AlertRuleService

    public init(alerts: AlertRuleService) {
        self.alerts = alerts
    }

    public func register(in api: inout APIRegistry) {
        api.route(.createAlertRule) { request, caller in
            AlertRuleBody(try await alerts.create(request.input.draft, by: caller.principal, origin: caller.origin))
        }
        api.route(.listAlertRules) { request, caller in
            AlertRuleList(try await alerts.list(caller.scope, page: request.query.page))
        }
        api.route(.getAlertRule) { request, caller in
            AlertRuleBody(try await alerts.get(caller.scope, id: try request.id("id", of: "alert rule")))
        }
        api.route(.replaceAlertRule) { request, caller in
            AlertRuleBody(try await alerts.update(
                try request.id("id", of: "alert rule"), request.input.draft, by: caller.principal, origin: caller.origin))
        }
        api.route(.deleteAlertRule) { request, caller in
            try await alerts.delete(try request.id("id", of: "alert rule"), by: caller.principal, origin: caller.origin)
            return NoContent()
        }
        api.route(.listAlertEvents) { request, caller in
            ListResponse(try await alerts.events(caller.scope, rule: request.query.rule, page: request.query.page), AlertEventBody.init)
        }
    }
}
