import Crypto
public import Foundation

/// Random secrets and their SHA-256 digests: API keys and refresh tokens are stored only as
/// digests, so a database dump reveals no usable credential.
public enum SecretDigest {
    public static func sha256(_ text: String) -> [UInt8] {
        sha256(Data(text.utf8))
    }

    public static func sha256(_ data: Data) -> [UInt8] {
        Array(SHA256.hash(data: data))
    }

    /// `count` random bytes as unpadded base64url.
    public static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case letters and digits, for the visible key prefix.
    public static func randomAlphanumeric(count: Int) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
