public import HTTPTypes
public import Hummingbird
public import LedgerCore
import Logging
public import NIOCore
public import OpenAPIKit

/// What an endpoint answers with. JSON types conform through `APISchema`; a type with another
/// media type (the OpenAPI document itself, CSV) writes its own response.
public protocol APIOutput: Sendable {
    static var contentType: String { get }
    /// The types one of whose schemas documents the body (usually one), or none with
    /// `rawSchema` for a foreign one.
    static var responseSchemas: [any APISchema.Type] { get }
    static var rawSchema: JSONSchema { get }
    /// Other media types the answer may take (a CSV download), each with its schema.
    static var otherContentTypes: [(type: String, schema: JSONSchema)] { get }
    /// Whether a success has a body (204 has none).
    static var hasBody: Bool { get }
    func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response
}

extension APIOutput {
    public static var otherContentTypes: [(type: String, schema: JSONSchema)] { [] }
    public static var hasBody: Bool { true }
}

extension APIOutput where Self: APISchema {
    public static var contentType: String { "application/json" }
    public static var responseSchemas: [any APISchema.Type] { [Self.self] }
    public static var rawSchema: JSONSchema { Self.schema }

    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        Self.jsonResponse(status: status, body: try coding.encode(self))
    }

    static func jsonResponse(status: HTTPResponse.Status, body: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}

/// An answer many requests share byte for byte: its encoding is remembered by value, so a
/// repeat costs hashing it instead of running `JSONEncoder` (which is pure: the same value
/// encodes to the same bytes).
public protocol RememberedJSONOutput: APISchema, APIOutput, Hashable {
    static var encodings: BoundedMemo<Self, ByteBuffer> { get }
}

extension RememberedJSONOutput {
    public func response(status: HTTPResponse.Status, coding: JSONCoding) throws -> Response {
        if let known = Self.encodings.value(for: self) { return Self.jsonResponse(status: status, body: known) }
        let body = try coding.encode(self)
        Self.encodings.remember(body, for: self)
        return Self.jsonResponse(status: status, body: body)
    }
}
