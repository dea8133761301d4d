import Foundation
import LedgerCore
import OpenAPIKit

/// Shorthands for the schemas transport types declare.
enum Schemas {
    static var uuid: JSONSchema { .string(format: .uuid) }
    static var optionalUUID: JSONSchema { .string(format: .uuid, required: false) }
    static var dateTime: JSONSchema { .string(format: .dateTime) }
    static var optionalDateTime: JSONSchema { .string(format: .dateTime, required: false) }
    static var optionalString: JSONSchema { .string(required: false) }

    /// A person's or an organization's name: 1 to 200 characters, not only spaces.
    static func name(required: Bool = true) -> JSONSchema {
        .string(required: required, minLength: 1, maxLength: 200, pattern: #"^[^\u0000]*[^\s\u0000][^\u0000]*$"#)
    }

    /// `acme-corp`: what `IdentityValidation.slug` accepts.
    static func slug(required: Bool = false, description: String? = nil) -> JSONSchema {
        .string(required: required, description: description, pattern: #"^[a-z0-9][a-z0-9-]{1,62}$"#)
    }

    /// An IANA zone this server knows.
    static func timeZone(required: Bool = false, description: String = "IANA zone such as Europe/Paris") -> JSONSchema {
        .string(
            required: required, description: description,
            allowedValues: TimeZone.knownTimeZoneIdentifiers.sorted().map { AnyCodable($0) })
    }

    /// The settings an organization may set; `null` removes one.
    static var settings: JSONSchema {
        .object(
            required: false,
            description: "`cost_source`: `computed` (default) sums the catalog price; `reported` sums the client's reported cost where one was given",
            properties: [OrganizationSettings.costSource: enumeration(CostSource.self, required: false)],
            additionalProperties: .init(false))
    }

    static func enumeration<T: RawRepresentable & CaseIterable>(_ type: T.Type, required: Bool = true, default: T? = nil) -> JSONSchema
    where T.RawValue == String {
        .string(
            required: required, allowedValues: T.allCases.map { AnyCodable($0.rawValue) },
            defaultValue: `default`.map { AnyCodable($0.rawValue) })
    }

    /// The JSON keys of a transport value, in declaration order, as the encoder spells them.
    static func keys(of value: some Encodable) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label).map(SnakeCase.snake)
    }

    /// An object whose every property has the same schema.
    static func uniform(_ value: some Encodable, each schema: JSONSchema, description: String) -> JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for key in keys(of: value) { properties[key] = schema }
        return .object(description: description, properties: properties)
    }

    static func list(of item: JSONSchema) -> JSONSchema {
        .object(properties: [
            "data": .array(items: item),
            "next_cursor": .string(required: false, description: "Pass as `cursor` for the next page; absent on the last page"),
        ])
    }

    /// A list that also offers numbered pages: `pagination` answers `page`/`per_page` requests.
    static func pagedList(of item: JSONSchema) -> JSONSchema {
        .object(properties: [
            "data": .array(items: item),
            "next_cursor": .string(required: false, description: "Pass as `cursor` for the next page; absent on the last page"),
            "pagination": PaginationBody.schema.optionalSchemaObject(),
        ])
    }
}
