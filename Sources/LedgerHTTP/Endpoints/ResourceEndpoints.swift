public import HTTPTypes
public import LedgerCore

/// The standard endpoints of a resource, declared from one value: its collection path, its tag,
/// the permission resource its actions need and its name in operation ids. Each method makes
/// one `Endpoint` whose types come from where it is stored:
///
/// ```swift
/// enum AlertRuleAPI {
///     static let rules = ResourceEndpoints<AlertRuleEntity>("/api/v1/alerts/rules", tag: "Alerts", permission: .alert, operationName: "AlertRule")
///     static let get: Endpoint<NoInput, NoQuery, AlertRuleBody> = rules.get("One alert rule and its state")
/// }
/// ```
///
/// A member route (`{id}`) documents its id as the entity's, and its handler reads it with
/// `request.id()`, whose 404 names the entity.
public struct ResourceEndpoints<Entity: NamedEntity>: Sendable {
    public let collection: String
    public let tag: String
    public let permission: Permission.Resource
    /// `AlertRule`: operation ids are `createAlertRule`, `listAlertRules`, `getAlertRule`…
    public let operationName: String

    public init(_ collection: String, tag: String, permission: Permission.Resource, operationName: String) {
        self.collection = collection
        self.tag = tag
        self.permission = permission
        self.operationName = operationName
    }

    public var member: String { "\(collection)/{id}" }
    public var idParameter: EndpointParameter { .path("id", "\(Entity.displayName) id") }

    public func create<Input, Output>(_ summary: String, errors: [EndpointError] = []) -> Endpoint<Input, NoQuery, Output> {
        Endpoint(
            .post, collection, operationID: "create\(operationName)", tag: tag, summary: summary,
            access: .permission(Permission(permission, .write)), success: .created, errors: errors)
    }

    public func list<Query, Output>(_ summary: String) -> Endpoint<NoInput, Query, Output> {
        Endpoint(
            .get, collection, operationID: "list\(operationName)s", tag: tag, summary: summary,
            access: .permission(Permission(permission, .read)))
    }

    public func get<Output>(_ summary: String) -> Endpoint<NoInput, NoQuery, Output> {
        Endpoint(
            .get, member, operationID: "get\(operationName)", tag: tag, summary: summary,
            access: .permission(Permission(permission, .read)), parameters: [idParameter])
    }

    /// `PUT` (`replace…`) or `PATCH` (`update…`) of the fields sent.
    public func change<Input, Output>(_ method: HTTPRequest.Method, _ summary: String, errors: [EndpointError] = [])
        -> Endpoint<Input, NoQuery, Output>
    {
        Endpoint(
            method, member, operationID: "\(method == .put ? "replace" : "update")\(operationName)", tag: tag, summary: summary,
            access: .permission(Permission(permission, .write)), parameters: [idParameter], errors: errors)
    }

    /// `operationID` where the deletion has a name of its own (`revokeAPIKey`).
    public func delete(_ summary: String, operationID: String? = nil) -> Endpoint<NoInput, NoQuery, NoContent> {
        Endpoint(
            .delete, member, operationID: operationID ?? "delete\(operationName)", tag: tag, summary: summary,
            access: .permission(Permission(permission, .delete)), parameters: [idParameter], success: .noContent)
    }

    /// Another operation on one member: `POST /webhooks/{id}/test` is `action(.post, "test", …)`.
    public func action<Input, Query, Output>(
        _ method: HTTPRequest.Method, _ suffix: String, operationID: String, summary: String, needs action: Permission.Action,
        success: HTTPResponse.Status = .ok, errors: [EndpointError] = []
    ) -> Endpoint<Input, Query, Output> {
        Endpoint(
            method, "\(member)/\(suffix)", operationID: operationID, tag: tag, summary: summary,
            access: .permission(Permission(permission, action)), parameters: [idParameter], success: success, errors: errors)
    }
}
