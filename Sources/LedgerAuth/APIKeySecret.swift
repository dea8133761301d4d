/// The text of an API key: `tl_<prefix>_<secret>`, 8 visible prefix characters (for lists and
/// logs) and 43 base64url characters of secret (256 bits).
public struct APIKeySecret: Sendable, Equatable {
    public let prefix: String
    public let plaintext: String

    public static func generate() -> APIKeySecret {
        let prefix = SecretDigest.randomAlphanumeric(count: 8)
        return APIKeySecret(prefix: prefix, plaintext: "tl_\(prefix)_\(SecretDigest.randomToken(bytes: 32))")
    }

    /// Accepts only the exact shape, so junk is rejected before any lookup. Checked on the
    /// UTF-8 bytes: this runs on every request an integration makes.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 3 + 8 + 1 + 43, bytes[0] == UInt8(ascii: "t"), bytes[1] == UInt8(ascii: "l"),
            bytes[2] == UInt8(ascii: "_"), bytes[11] == UInt8(ascii: "_"),
            bytes[3..<11].allSatisfy({ Self.isLowercaseAlphanumeric($0) }),
            bytes[12...].allSatisfy({ Self.isLowercaseAlphanumeric($0) || Self.isBase64URLOnly($0) })
        else { return nil }
        self.init(prefix: String(decoding: bytes[3..<11], as: UTF8.self), plaintext: text)
    }

    private static func isLowercaseAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isBase64URLOnly(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private init(prefix: String, plaintext: String) {
        self.prefix = prefix
        self.plaintext = plaintext
    }

    public var digest: [UInt8] { SecretDigest.sha256(plaintext) }
}
