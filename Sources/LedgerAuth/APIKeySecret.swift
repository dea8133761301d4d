/// The text of an API key: `tl_<prefix>_<secret>`, 8 visible prefix characters (for lists and
/// logs) and 43 base64url characters of secret (256 bits).
public struct APIKeySecret: Sendable, Equatable {
    public let prefix: String
    public let plaintext: String

    public static func generate() -> APIKeySecret {
        let prefix = SecretDigest.randomAlphanumeric(count: 8)
        return APIKeySecret(prefix: prefix, plaintext: "tl_\(prefix)_\(SecretDigest.randomToken(bytes: 32))")
    }

    /// Accepts only the exact shape, so junk is rejected before any lookup.
    public init?(parsing text: String) {
        let parts = text.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "tl", parts[1].count == 8, parts[2].count == 43,
            parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }),
            parts[2].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        self.init(prefix: String(parts[1]), plaintext: text)
    }

    private init(prefix: String, plaintext: String) {
        self.prefix = prefix
        self.plaintext = plaintext
    }

    public var digest: [UInt8] { SecretDigest.sha256(plaintext) }
}
