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

    /// A path parameter that must be an id; one that is not a UUID names nothing, so 404.
    public func id<Entity>(_ name: String, of resource: String) throws -> Identifier<Entity> {
        guard let text = parameters.get(name), let id = Identifier<Entity>(text) else {
            throw LedgerError.notFound(resource: resource)
        }
        return id
    }

    public func header(_ name: HTTPField.Name) -> String? {
        head.headers[name]
    }
}
