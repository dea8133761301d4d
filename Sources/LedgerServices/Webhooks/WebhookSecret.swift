import Crypto
import Foundation

/// A Standard Webhooks signing secret, `whsec_` and the base64 of 32 random bytes, and the
/// signatures it makes.
public enum WebhookSecret {
    public static func generate() -> String {
        "whsec_" + Data(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`
    /// for each secret, separated by spaces (two during a rotation).
    public static func signatureHeader(messageID: String, timestamp: Int, body: String, secrets: [String]) -> String {
        let signed = Data("\(messageID).\(timestamp).\(body)".utf8)
        return secrets.compactMap { secret in
            guard let key = Data(base64Encoded: String(secret.dropFirst(secret.hasPrefix("whsec_") ? 6 : 0))) else { return nil }
            let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }
}
