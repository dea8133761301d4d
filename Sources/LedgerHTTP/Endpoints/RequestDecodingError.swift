import Foundation
import LedgerCore

/// Why a request body could not become the endpoint's input.
enum RequestDecodingError: Error {
    /// Not JSON at all: 400, with the position when the parser gives one.
    case malformedJSON(message: String, line: Int?, column: Int?)
    case missingBody
    case unsupportedMediaType(String)
    /// JSON, but a field has the wrong type or is missing: 422 naming the field.
    case field(FieldIssue)

    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath), message: "must be \(Self.describe(type))"))
        case .valueNotFound(_, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath), message: "must not be null"))
        case .keyNotFound(let key, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath + [key]), message: "is required"))
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let text = String(describing: context.underlyingError.map { "\($0)" } ?? context.debugDescription)
            let position = Self.position(in: text)
            self = .malformedJSON(
                message: position.map { "The body is not valid JSON (line \($0.line), column \($0.column))" }
                    ?? "The body is not valid JSON",
                line: position?.line, column: position?.column)
        case .dataCorrupted(let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath), message: context.debugDescription))
        @unknown default:
            self = .malformedJSON(message: "The body could not be read", line: nil, column: nil)
        }
    }

    /// `items[2].name`, as a client would write it.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Decimal.Type: "a number"
        case is [Any].Type: "an array"
        default:
            String(describing: type).hasPrefix("Dictionary") ? "an object" : "of type \(type)"
        }
    }

    static func position(in text: String) -> (line: Int, column: Int)? {
        guard let match = text.firstMatch(of: /line (\d+), column (\d+)/),
            let line = Int(match.1), let column = Int(match.2)
        else { return nil }
        return (line, column)
    }
}
