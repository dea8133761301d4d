import Foundation
import LedgerAuth
import LedgerCore
import Testing

@Suite struct TokenIssuerTests {
    let settings = JWTSettings(signingKey: .init(kid: "k1", secret: String(repeating: "s", count: 32)))

    /// A token is verified once; its validity window is checked on every later use.
    @Test func aVerifiedTokenIsRememberedButStillExpires() async throws {
        let issuer = try await TokenIssuer(settings: settings)
        let principal = Principal.user(UserID(), in: OrgID(), role: .viewer, isOperator: false)
        let now = Date()
        let (token, expiresAt) = try await issuer.issueAccessToken(for: principal, now: now)
        #expect(try await issuer.verifyAccessToken(token, now: now) == principal)
        #expect(try await issuer.verifyAccessToken(token, now: now) == principal)
        await #expect(throws: LedgerError.unauthenticated(code: "TOKEN_EXPIRED", message: "The access token has expired; refresh it")) {
            // A second past the expiry: the token states it in whole seconds.
            try await issuer.verifyAccessToken(token, now: expiresAt.addingTimeInterval(1))
        }
        await #expect(throws: LedgerError.unauthenticated(code: "INVALID_TOKEN", message: "The access token is not valid")) {
            try await issuer.verifyAccessToken(token, now: now.addingTimeInterval(-60))
        }
        // Another issuer's key never verifies it, remembered or not.
        let other = try await TokenIssuer(settings: JWTSettings(signingKey: .init(kid: "k1", secret: String(repeating: "t", count: 32))))
        await #expect(throws: LedgerError.self) { try await other.verifyAccessToken(token, now: now) }
    }
}
