import Foundation
import LedgerCore

/// jsonb columns travel as text: encoded and decoded with Foundation's JSON coders.
enum JSONColumn {
    /// Shared: configured once, so safe to use from every task.
    private static let encoder = JSONEncoder()

    static func text(_ value: some Encodable) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    static func object(_ text: String) -> [String: JSONValue] {
        (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:]
    }

    static func strings(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
