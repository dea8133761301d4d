import Foundation
import LedgerCore

/// jsonb columns travel as text: encoded and decoded with Foundation's JSON coders.
enum JSONColumn {
    /// Shared: configured once, so safe to use from every task.
    private static let encoder = JSONEncoder()

    static func text(_ value: some Encodable) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    /// A jsonb object; an empty one when the text is not an object of `Value`s.
    static func object<Value: Decodable>(_ text: String, of type: Value.Type = JSONValue.self) -> [String: Value] {
        (try? JSONDecoder().decode([String: Value].self, from: Data(text.utf8))) ?? [:]
    }
}
