import Foundation
import LedgerCore

/// jsonb columns travel as text: encoded and decoded with Foundation's JSON coders.
enum JSONColumn {
    static func text(_ object: [String: JSONValue]) -> String {
        (try? String(decoding: JSONEncoder().encode(object), as: UTF8.self)) ?? "{}"
    }

    static func object(_ text: String) -> [String: JSONValue] {
        (try? JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))) ?? [:]
    }
}
