public import HTTPTypes
public import Hummingbird
public import LedgerCore

/// What a handler receives: the decoded body, the parsed query and the raw request for path
/// parameters and headers.
public struct EndpointRequest<Input: APIInput, Query: APIQuery>: Sendable {
    public let input: Input
    public let query: Query
    public let head: Request
    public let parameters: Parameters

    /// The path's `{id}`, of the entity the call site expects; one that is not a UUID names
    /// nothing, so 404 in the entity's name (or `resource`, where a route names it otherwise).
    public func id<Entity: NamedEntity>(as resource: String = Entity.displayName) throws -> Identifier<Entity> {
        guard let text = parameters.get("id"), let id = Identifier<Entity>(text) else {
            throw LedgerError.notFound(resource: resource)
        }
        return id
    }

    public func header(_ name: HTTPField.Name) -> String? {
        head.headers[name]
    }
}
