import Foundation

/// An opaque keyset cursor: the sort key of the last row of a page — its time in whole
/// microseconds, as PostgreSQL stores it (a `Date` would lose the last digit), and its id —
/// base64url-encoded.
public struct PageCursor: Sendable, Equatable {
    public var micros: Int64
    public var id: String

    public init(micros: Int64, id: String) {
        self.micros = micros
        self.id = id
    }

    public var encoded: String {
        Data("\(micros)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(decoding text: String) throws(LedgerError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) else {
            throw Self.invalid
        }
        let parts = decoded.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let micros = Int64(parts[0]) else { throw Self.invalid }
        self.init(micros: micros, id: String(parts[1]))
    }

    public static let invalid = LedgerError.badRequest(code: "INVALID_CURSOR", message: "The cursor is not one this API issued")

    /// Turns `limit + 1` fetched rows into a page and the cursor after it.
    public static func page<Row, Item: Sendable>(
        _ rows: [Row], limit: Int, key: (Row) throws -> PageCursor, item: (Row) throws -> Item
    ) rethrows -> Page<Item> {
        let visible = Array(rows.prefix(limit))
        let next = rows.count > limit ? try visible.last.map { try key($0).encoded } : nil
        return Page(items: try visible.map(item), nextCursor: next)
    }
}
