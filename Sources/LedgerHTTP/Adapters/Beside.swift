public import OpenAPIKit

/// A canonical wire type with another product's names for the same facts beside it, in one JSON
/// object: the canonical type holds only its own fields and the adapter (one per product)
/// translates. Both are read from, and written into, the same object; the schema is the
/// canonical one's (and its name) with the adapter's properties added.
public struct Beside<Canonical: APISchema, Adapter: APISchema>: APISchema {
    var canonical: Canonical
    var adapter: Adapter

    init(_ canonical: Canonical, _ adapter: Adapter) {
        self.canonical = canonical
        self.adapter = adapter
    }

    public init(from decoder: any Decoder) throws {
        canonical = try Canonical(from: decoder)
        adapter = try Adapter(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try canonical.encode(to: encoder)
        try adapter.encode(to: encoder)
    }

    public static var schemaName: String { Canonical.schemaName }

    public static var schema: JSONSchema {
        var properties = Canonical.schema.objectContext?.properties ?? [:]
        for (name, property) in Adapter.schema.objectContext?.properties ?? [:] where properties[name] == nil {
            properties[name] = property
        }
        return .object(description: Canonical.schema.description, properties: properties)
    }

    /// The canonical samples, each with the adapter's sample at the same position.
    public static var samples: [Self] { zip(Canonical.samples, Adapter.samples).map(Self.init) }
}

extension Beside: APIOutput {}
extension Beside: APIInput {}
