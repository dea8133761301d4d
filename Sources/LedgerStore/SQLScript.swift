/// Splits a SQL file into statements. PostgresNIO speaks only the extended protocol, which
/// takes one statement at a time, so a migration file is run statement by statement. The
/// splitter knows quoted strings and identifiers, dollar quoting and both comment forms, so a
/// semicolon inside any of them does not end a statement.
public enum SQLScript {
    public static func statements(in script: String) -> [String] {
        let characters = Array(script.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var index = 0

        func flush() {
            let statement = String(current).trimmingWhitespace()
            if !statement.isEmpty { statements.append(statement) }
            current = String.UnicodeScalarView()
        }

        func peek(_ offset: Int) -> Unicode.Scalar? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        /// Copies characters up to and including `terminator`, starting after the opener.
        func copy(until terminator: [Unicode.Scalar]) {
            while index < characters.count {
                if Array(characters[index..<min(index + terminator.count, characters.count)]) == terminator {
                    current.append(contentsOf: terminator)
                    index += terminator.count
                    return
                }
                current.append(characters[index])
                index += 1
            }
        }

        while index < characters.count {
            let character = characters[index]
            switch character {
            case "-" where peek(1) == "-":
                while index < characters.count, characters[index] != "\n" { index += 1 }
            case "/" where peek(1) == "*":
                index += 2
                var depth = 1
                while index < characters.count, depth > 0 {
                    if characters[index] == "/", peek(1) == "*" { depth += 1; index += 2 }
                    else if characters[index] == "*", peek(1) == "/" { depth -= 1; index += 2 }
                    else { index += 1 }
                }
                current.append(" ")
            case "'", "\"":
                current.append(character)
                index += 1
                copy(until: [character])
            case "$":
                var end = index + 1
                while end < characters.count, characters[end] == "_" || characters[end].properties.isAlphabetic {
                    end += 1
                }
                if end < characters.count, characters[end] == "$" {
                    let tag = Array(characters[index...end])
                    current.append(contentsOf: tag)
                    index = end + 1
                    copy(until: tag)
                } else {
                    current.append(character)
                    index += 1
                }
            case ";":
                flush()
                index += 1
            default:
                current.append(character)
                index += 1
            }
        }
        flush()
        return statements
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
