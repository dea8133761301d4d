import Foundation
import LedgerCore

/// Why a request body could not become the endpoint's input.
enum RequestDecodingError: Error {
    /// Not JSON at all: 400, with the position when the parser gives one.
    case malformedJSON(message: String, line: Int?, column: Int?)
    case missingBody
    case unsupportedMediaType(String)
    /// JSON, but fields have the wrong type or are missing: 422 naming them.
    case fields([FieldIssue])

    static func field(_ issue: FieldIssue) -> Self { .fields([issue]) }

    init(_ error: DecodingError, body: Data) {
        switch error {
        case .typeMismatch(let type, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath), message: "must be \(Self.describe(type))"))
        case .valueNotFound(_, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath), message: "must not be null"))
        case .keyNotFound(let key, let context):
            self = .field(FieldIssue(field: Self.path(context.codingPath + [key]), message: "is required"))
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Foundation on Linux reports a number that does not fit its field (1200.5 for an
            // integer, 1e30) as invalid JSON, without a path: find the numbers ourselves.
            if let numbers = try? JSONDecoder().decode(NumberProbe.self, from: body).issues, !numbers.isEmpty {
                self = .fields(numbers)
                return
            }
            let position = Self.syntaxErrorPosition(in: body)
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

    /// `items[2].model_name`, as a client would write it (the path holds Swift's names).
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                let name = SnakeCase.snake(key.stringValue)
                text += text.isEmpty ? name : ".\(name)"
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

    /// `JSONDecoder` on Linux does not say where the syntax broke; `JSONSerialization` gives
    /// the byte offset, which becomes a line and column for the client.
    static func syntaxErrorPosition(in body: Data) -> (line: Int, column: Int)? {
        do {
            _ = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            guard let match = text.firstMatch(of: /character (\d+)/), let offset = Int(match.1) else { return nil }
            let prefix = body.prefix(offset)
            let line = prefix.count { $0 == 0x0A } + 1
            let column = offset - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            return (line, column)
        }
    }
}

/// Walks any JSON and names each number that is not a 64-bit integer, since every number the
/// API reads as a count is one (read only when decoding failed: a few fields take fractions).
struct NumberProbe: Decodable {
    let issues: [FieldIssue]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() || (try? container.decode(Bool.self)) != nil || (try? container.decode(Int64.self)) != nil
            || (try? container.decode(String.self)) != nil
        {
            issues = []
        } else if let number = try? container.decode(Double.self) {
            let field = RequestDecodingError.path(decoder.codingPath)
            issues = [FieldIssue(
                field: field, message: number.rounded() == number ? "is out of range for a 64-bit integer" : "must be a whole number")]
        } else if let array = try? container.decode([NumberProbe].self) {
            issues = array.flatMap(\.issues)
        } else {
            issues = (try? container.decode([String: NumberProbe].self))?.sorted { $0.key < $1.key }.flatMap(\.value.issues) ?? []
        }
    }
}

/// The fields of a decoded input whose text holds a NUL character, which PostgreSQL text and
/// jsonb cannot store: found in the value as decoded, so fields the input ignores do not count.
enum NULCharacters {
    static func issues(in value: Any, at path: String = "") -> [FieldIssue] {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\u{0}") ? [FieldIssue(field: path.isEmpty ? "body" : path, message: "must not contain NUL characters")] : []
        case let json as JSONValue:
            switch json {
            case .string(let text): return issues(in: text, at: path)
            case .array(let items): return issues(in: items, at: path)
            case .object(let members): return issues(in: members, at: path)
            default: return []
            }
        case let views as any SharedObjectViews:
            return views.views.flatMap { issues(in: $0, at: path) }
        case let members as [String: Any]:
            return members.sorted { $0.key < $1.key }.flatMap { key, member in
                issues(in: key, at: join(path, key)) + issues(in: member, at: join(path, key))
            }
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            // An optional's value, or an enum's payload (`Result.success`), sits at the same path.
            case .optional, .enum: return mirror.children.first.map { issues(in: $0.value, at: path) } ?? []
            case .collection: return mirror.children.enumerated().flatMap { issues(in: $1.value, at: "\(path)[\($0)]") }
            case .struct, .class:
                return mirror.children.flatMap { child in
                    child.label.map { issues(in: child.value, at: join(path, SnakeCase.snake($0))) } ?? []
                }
            default: return []
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// An input read as several views of one JSON object (`UsageRecordBody`): their fields sit
/// at the object's own path.
protocol SharedObjectViews {
    var views: [Any] { get }
}
