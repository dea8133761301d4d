import NIOCore
import OpenAPIKit

/// A transport type that describes itself in the OpenAPI document. Its samples are encoded
/// with the real encoder and published as the schema's `examples`; a test validates each
/// example against the schema, so the schema cannot drift from the Swift type.
public protocol APISchema: Codable, Sendable {
    static var schema: JSONSchema { get }
    static var samples: [Self] { get }
    /// The name under `components.schemas`.
    static var schemaName: String { get }
}

extension APISchema {
    /// The type's name; a resource's `…Body` type is named for the resource alone.
    public static var schemaName: String {
        let name = String(describing: Self.self)
        return name.hasSuffix("Body") ? String(name.dropLast(4)) : name
    }
}

/// What an endpoint reads from the body.
public protocol APIInput: Sendable {
    /// `nil` when the endpoint takes no body.
    static var requestSchema: (any APISchema.Type)? { get }
    static func decode(from body: ByteBufferView, coding: JSONCoding) throws -> Self
}

/// The body of an endpoint that takes none.
public struct NoInput: APIInput {
    public static var requestSchema: (any APISchema.Type)? { nil }
    public static func decode(from body: ByteBufferView, coding: JSONCoding) throws -> NoInput { NoInput() }
}

extension APIInput where Self: APISchema {
    public static var requestSchema: (any APISchema.Type)? { Self.self }
    public static func decode(from body: ByteBufferView, coding: JSONCoding) throws -> Self {
        guard !body.isEmpty else { throw RequestDecodingError.missingBody }
        return try coding.decode(Self.self, from: body)
    }
}
