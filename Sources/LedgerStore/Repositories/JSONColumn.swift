import Foundation
import LedgerCore

/// jsonb columns travel as text: encoded and decoded with Foundation's JSON coders.
enum JSONColumn {
    /// Shared: configured once, so safe to use from every task.
    private static let encoder = JSONEncoder()

    static func text(_ value: some Encodable) -> String {
        encoded(value)
    }

    /// Most usage records carry no tags and no metadata: an empty one is written without the
    /// encoder (the two encodings were 1% of the server's time under single ingest).
    static func text<Element: Encodable>(_ items: [Element]) -> String {
        items.isEmpty ? "[]" : encoded(items)
    }

    static func text<Value: Encodable>(_ members: [String: Value]) -> String {
        members.isEmpty ? "{}" : encoded(members)
    }

    private static func encoded(_ value: some Encodable) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    /// A jsonb object; an empty one when the text is not an object of `Value`s (or is `{}`,
    /// the metadata of most events, read without a decoder).
    static func object<Value: Decodable>(_ text: String, of type: Value.Type = JSONValue.self) -> [String: Value] {
        guard text != "{}" else { return [:] }
        return (try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8))) ?? [:]
    }
}
