public import Foundation
import LedgerCore
public import OpenAPIKit

/// One query parameter, declared once: the OpenAPI parameter (with the constraints the parser
/// enforces) and how the text of the request becomes a typed value.
public struct QueryParameter<Value: Sendable>: Sendable {
    public let documentation: EndpointParameter
    /// The error code of a bad value.
    let code: String
    /// What a good value looks like, for the error message: "must be …".
    let expectation: String
    /// Every value given for the name (repeatable parameters use them all), to the typed value;
    /// nil means the text is not a valid value.
    let parse: @Sendable ([String]) -> Value?

    public var name: String { documentation.name }

    public init(
        _ name: String, _ description: String, schema: JSONSchema, code: String = "INVALID_PARAMETERS",
        expectation: String, parse: @escaping @Sendable ([String]) -> Value?
    ) {
        documentation = .query(name, description, schema: schema)
        self.code = code
        self.expectation = expectation
        self.parse = parse
    }

    /// The same parameter with another error code (the code clients already know for it).
    public func code(_ code: String) -> Self {
        Self(documentation: documentation, code: code, expectation: expectation, parse: parse)
    }

    private init(documentation: EndpointParameter, code: String, expectation: String, parse: @escaping @Sendable ([String]) -> Value?) {
        self.documentation = documentation
        self.code = code
        self.expectation = expectation
        self.parse = parse
    }
}

extension QueryParameter {
    /// A single value read by `read`, or `fallback` when the parameter is absent.
    static func single(
        _ name: String, _ description: String, schema: JSONSchema, expectation: String, fallback: Value,
        read: @escaping @Sendable (String) -> Value?
    ) -> Self {
        Self(name, description, schema: schema, expectation: expectation) { values in
            guard let text = values.first else { return fallback }
            return read(text)
        }
    }

    static func optional<Wrapped>(
        _ name: String, _ description: String, schema: JSONSchema, expectation: String,
        read: @escaping @Sendable (String) -> Wrapped?
    ) -> Self where Value == Wrapped? {
        Self(name, description, schema: schema, expectation: expectation) { values in
            guard let text = values.first else { return .some(nil) }
            return read(text).map { .some($0) }
        }
    }

    static func repeatable<Element>(
        _ name: String, _ description: String, items: JSONSchema, expectation: String,
        read: @escaping @Sendable (String) -> Element?
    ) -> Self where Value == [Element] {
        Self(name, description + " (repeat the parameter)", schema: .array(items: items), expectation: expectation) { values in
            let parsed = values.compactMap(read)
            return parsed.count == values.count ? parsed : nil
        }
    }
}

/// What the document states of a text parameter, held: at most `maxLength` code points (as
/// JSON Schema counts them, not Swift's characters) and no NUL (PostgreSQL text cannot hold one).
func boundedText(_ text: String, maxLength: Int) -> String? {
    text.unicodeScalars.count <= maxLength && !text.unicodeScalars.contains("\u{0}") ? text : nil
}

extension QueryParameter where Value == String? {
    public static func text(_ name: String, _ description: String, maxLength: Int = 200) -> Self {
        optional(name, description, schema: .string(maxLength: maxLength), expectation: "at most \(maxLength) characters") {
            boundedText($0, maxLength: maxLength)
        }
    }
}

extension QueryParameter where Value == [String] {
    public static func texts(_ name: String, _ description: String, maxLength: Int = 200) -> Self {
        repeatable(name, description, items: .string(maxLength: maxLength), expectation: "at most \(maxLength) characters each") {
            boundedText($0, maxLength: maxLength)
        }
    }
}

extension QueryParameter where Value == [UUID] {
    public static func ids(_ name: String, _ description: String) -> Self {
        repeatable(name, description, items: .string(format: .uuid), expectation: "ids", read: UUID.init(uuidString:))
    }
}

extension QueryParameter where Value == UUID? {
    public static func id(_ name: String, _ description: String) -> Self {
        optional(name, description, schema: .string(format: .uuid), expectation: "an id", read: UUID.init(uuidString:))
    }
}

extension QueryParameter where Value == Date? {
    /// An RFC 3339 time, or a date (midnight UTC).
    public static func date(_ name: String, _ description: String) -> Self {
        optional(
            name, description, schema: .string(format: .dateTime), expectation: "an ISO 8601 date or time",
            read: JSONCoding.parseDate)
    }
}

extension QueryParameter where Value == Int {
    public static func integer(_ name: String, _ description: String, in range: ClosedRange<Int>, default fallback: Int) -> Self {
        single(
            name, description,
            schema: .integer(maximum: (range.upperBound, exclusive: false), minimum: (range.lowerBound, exclusive: false), defaultValue: AnyCodable(fallback)),
            expectation: "a whole number from \(range.lowerBound) to \(range.upperBound)", fallback: fallback,
            read: { Int($0).flatMap { range.contains($0) ? $0 : nil } })
    }
}

extension QueryParameter where Value == Bool {
    public static func boolean(_ name: String, _ description: String, default fallback: Bool) -> Self {
        single(
            name, description, schema: .boolean(defaultValue: AnyCodable(fallback)), expectation: "true or false",
            fallback: fallback, read: { ["true": true, "false": false, "1": true, "0": false][$0] })
    }
}

extension QueryParameter {
    /// One of an enumeration's raw values, or `fallback` when absent.
    public static func choice(_ name: String, _ description: String, default fallback: Value) -> Self
    where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
        single(
            name, description, schema: Schemas.enumeration(Value.self, default: fallback),
            expectation: "one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))", fallback: fallback,
            read: Value.init(rawValue:))
    }

    /// One of an enumeration's raw values, or nil when absent.
    public static func choice<Choice>(_ name: String, _ description: String) -> Self
    where Value == Choice?, Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        optional(
            name, description, schema: Schemas.enumeration(Choice.self),
            expectation: "one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))", read: Choice.init(rawValue:))
    }

    /// Several of an enumeration's raw values, comma-separated in one parameter.
    public static func choices<Choice>(_ name: String, _ description: String) -> Self
    where Value == [Choice], Choice: RawRepresentable & CaseIterable & Sendable, Choice.RawValue == String {
        let names = Choice.allCases.map(\.rawValue)
        return Self(
            name, description + " (comma-separated)",
            schema: .string(pattern: "^((\(names.joined(separator: "|")))(,(\(names.joined(separator: "|"))))*)?$"),
            expectation: "comma-separated values of \(names.joined(separator: ", "))"
        ) { values in
            guard let text = values.first, !text.isEmpty else { return [] }
            let parsed = text.split(separator: ",", omittingEmptySubsequences: false).map { Choice(rawValue: String($0)) }
            return parsed.contains(where: { $0 == nil }) ? nil : parsed.compactMap { $0 }
        }
    }
}
