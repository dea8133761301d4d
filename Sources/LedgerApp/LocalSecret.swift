import Foundation
import LedgerAuth

/// The embedded default's JWT secret: made once, kept beside the data folder (mode 0600), so
/// sessions survive a restart on a laptop without any setting.
enum LocalSecret {
    static func loadOrCreate(at url: URL) throws -> String {
        if let existing = try? String(contentsOf: url, encoding: .utf8), existing.utf8.count >= 32 {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let secret = SecretDigest.randomToken(bytes: 48)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try secret.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return secret
    }
}
