/// The API's key spelling: Swift's camelCase names ↔ snake_case JSON keys, both ways exactly.
/// An acronym is one word (`apiKeyID` ↔ `api_key_id`, `costUSD` ↔ `cost_usd`); digits after a
/// word start a word of their own (`cacheWrite5m` ↔ `cache_write_5m`) unless the word is a
/// single letter (`latencyP50Ms` ↔ `latency_p50_ms`).
public enum SnakeCase {
    /// Words written in capitals in Swift names.
    public static let acronyms: Set<String> = ["id", "usd", "url", "ip"]

    /// Keys already in snake_case stay as they are.
    public static func snake(_ name: String) -> String {
        let characters = Array(name)
        var words: [[Character]] = [[]]
        for (index, character) in characters.enumerated() {
            if character == "_" {
                if !words[words.count - 1].isEmpty { words.append([]) }
                continue
            }
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let startsWord: Bool =
                if character.isUppercase {
                    previous?.isLowercase == true || previous?.isNumber == true
                        || (previous?.isUppercase == true && next?.isLowercase == true)
                } else if character.isNumber {
                    previous?.isLetter == true && words[words.count - 1].count > 1
                } else {
                    false
                }
            if startsWord && !words[words.count - 1].isEmpty { words.append([]) }
            words[words.count - 1].append(character)
        }
        return words.map { String($0).lowercased() }.joined(separator: "_")
    }

    public static func camel(_ key: String) -> String {
        let words = key.split(separator: "_", omittingEmptySubsequences: false)
        guard let first = words.first else { return key }
        return String(first) + words.dropFirst().map { word in
            if acronyms.contains(String(word)) { return word.uppercased() }
            guard let head = word.first, head.isLetter else { return String(word) }
            return head.uppercased() + word.dropFirst()
        }.joined()
    }
}
