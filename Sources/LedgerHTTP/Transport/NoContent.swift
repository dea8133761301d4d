public import HTTPTypes
public import Hummingbird
public import OpenAPIKit

/// The answer of an endpoint whose success has no body (204).
public struct NoContent: APIOutput {
    public init() {}
    public static var contentType: String { "application/json" }
    public static var responseSchemas: [any APISchema.Type] { [] }
    public static var rawSchema: JSONSchema { .null() }
    public static var hasBody: Bool { false }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        Response(status: status)
    }
}
