import NIOCore
public import OpenAPIKit

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
