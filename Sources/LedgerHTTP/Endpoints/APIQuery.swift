import LedgerCore

/// What an endpoint reads from the query string: its parameters, declared once, and the typed
/// value they make. A parameter the endpoint does not declare is refused, so a mistyped filter
/// cannot silently widen a read.
public protocol APIQuery: Sendable {
    static var parameters: [any DeclaredQueryParameter] { get }
    init(_ query: QueryValues) throws
}

/// A query parameter with its type erased: what documentation and the unknown-name check read.
public protocol DeclaredQueryParameter: Sendable {
    var documentation: EndpointParameter { get }
}

extension QueryParameter: DeclaredQueryParameter {}

/// The query of an endpoint that takes none.
public struct NoQuery: APIQuery {
    public static var parameters: [any DeclaredQueryParameter] { [] }
    public init(_ query: QueryValues) {}
}

/// A request's query parameters, read through their declarations.
public struct QueryValues: Sendable {
    private let values: [String: [String]]

    /// Refuses any name `Query` does not declare; `name[]` is the repeatable spelling of `name`.
    init<Query: APIQuery>(_ pairs: [(String, String)], for query: Query.Type) throws {
        let declared = Set(Query.parameters.map(\.documentation.name))
        var values: [String: [String]] = [:]
        for (name, value) in pairs {
            let base = name.hasSuffix("[]") ? String(name.dropLast(2)) : name
            guard declared.contains(base) else {
                throw LedgerError.badRequest(
                    code: "UNKNOWN_PARAMETER", message: "This endpoint has no query parameter '\(name)'",
                    details: ["parameter": name, "accepted": declared.sorted().joined(separator: ", ")])
            }
            values[base, default: []].append(value)
        }
        self.values = values
    }

    public func contains(_ name: String) -> Bool { values[name] != nil }

    public subscript<Value>(_ parameter: QueryParameter<Value>) -> Value {
        get throws {
            let given = values[parameter.name] ?? []
            guard let value = parameter.parse(given) else {
                throw LedgerError.badRequest(
                    code: parameter.code, message: "\(parameter.name) must be \(parameter.expectation)",
                    details: [parameter.name: given.joined(separator: ",")])
            }
            return value
        }
    }
}
