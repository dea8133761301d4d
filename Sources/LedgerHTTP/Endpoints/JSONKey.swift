import NIOCore

/// An object member's key as the answer encoder writes it: quoted and escaped once, and
/// ordered by its UTF-8 bytes (Foundation's `sortedKeys`) through their first eight as one
/// big-endian number, so that most comparisons of a sort compare two integers. The API's own
/// keys are made once and remembered (`KeySpellings`); the keys of free-form objects each time.
final class JSONKey: Sendable {
    /// `"name"`, escaped as a JSON string.
    let quoted: ByteBuffer
    private let utf8: [UInt8]
    private let leadingBytes: UInt64

    init(_ name: String, escapingSlashes: Bool = false) {
        utf8 = Array(name.utf8)
        leadingBytes = utf8.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (56 - 8 * $1.offset) }
        var quoted = ByteBuffer()
        JSONNode.write(quoted: name, escapingSlashes: escapingSlashes, into: &quoted)
        self.quoted = quoted
    }

    static let superKey = JSONKey("super")

    /// Whether `self` sorts before, with, or after `other`: negative, zero or positive.
    func order(against other: JSONKey) -> Int {
        if self === other { return 0 }
        if leadingBytes != other.leadingBytes { return leadingBytes < other.leadingBytes ? -1 : 1 }
        if utf8 == other.utf8 { return 0 }
        return utf8.lexicographicallyPrecedes(other.utf8) ? -1 : 1
    }
}
