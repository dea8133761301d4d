public import Foundation
import JWTKit
public import LedgerCore

/// Signing settings. Several verification keys let a key rotate without logging anyone out:
/// sign with the new `kid`, keep verifying the old one until its tokens have expired.
public struct JWTSettings: Sendable {
    public struct Key: Sendable {
        public enum Material: Sendable {
            /// HS256 with a shared secret (never published).
            case hmac(String)
            /// EdDSA (Ed25519) with a private key in PEM; the public half is served as a JWK.
            case ed25519(pem: String)
        }

        public var kid: String
        public var material: Material

        public init(kid: String, secret: String) {
            self.init(kid: kid, material: .hmac(secret))
        }

        public init(kid: String, material: Material) {
            self.kid = kid
            self.material = material
        }

        var algorithm: String {
            switch material {
            case .hmac: "HS256"
            case .ed25519: "EdDSA"
            }
        }
    }

    public var issuer = "tokenledger"
    public var audience = "tokenledger-api"
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    public var refreshTokenLifetime: Duration = .seconds(30 * 24 * 3600)
    public var signingKey: Key
    public var previousKeys: [Key] = []

    public init(signingKey: Key) {
        self.signingKey = signingKey
    }

    public static let minimumSecretBytes = 32
}

/// Issues and verifies HS256 access tokens.
public struct TokenIssuer: Sendable {
    public let settings: JWTSettings
    private let keys: JWTKeyCollection
    /// Header segments that passed the key and algorithm check: only accepted ones enter.
    private let acceptedHeaders = BoundedMemo<String, Bool>(capacity: 64)
    /// Tokens whose signature, issuer and audience were checked, with the window they are
    /// valid in: a dashboard sends the same token for its whole life, and checking it again
    /// (HMAC, base64 and JSON decoding) was most of a cheap request's cost. The keys are fixed
    /// for the life of the process, so a token verified once stays verified; its times are
    /// checked on every use.
    private let verifiedTokens = BoundedMemo<String, VerifiedToken>(capacity: 4_096)

    struct VerifiedToken: Sendable {
        let principal: Principal
        let notBefore: Date
        let expiresAt: Date
    }

    private let publicKeys: [(kid: String, x: String)]

    public init(settings: JWTSettings) async throws {
        self.settings = settings
        let keys = JWTKeyCollection()
        var publicKeys: [(kid: String, x: String)] = []
        for key in [settings.signingKey] + settings.previousKeys {
            switch key.material {
            case .hmac(let secret):
                await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: key.kid))
            case .ed25519(let pem):
                let privateKey = try EdDSA.PrivateKey(pem: pem)
                await keys.add(eddsa: privateKey, kid: JWKIdentifier(string: key.kid))
                publicKeys.append((key.kid, Self.base64URL(privateKey.publicKey.rawRepresentation)))
            }
        }
        self.keys = keys
        self.publicKeys = publicKeys
    }

    /// The JSON Web Key Set of the EdDSA verification keys (HMAC secrets are never published).
    public var jwks: [[String: String]] {
        publicKeys.map { ["kty": "OKP", "crv": "Ed25519", "x": $0.x, "kid": $0.kid, "alg": "EdDSA", "use": "sig"] }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public func issueAccessToken(for principal: Principal, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        guard let user = principal.userID, let role = principal.role else {
            throw LedgerError.badRequest(code: "INVALID_PRINCIPAL", message: "Only users get access tokens")
        }
        let expiresAt = now.addingTimeInterval(TimeInterval(settings.accessTokenLifetime.components.seconds))
        let claims = AccessClaims(
            iss: .init(value: settings.issuer), aud: .init(value: [settings.audience]), sub: .init(value: user.description),
            org: principal.orgID.description, role: role.rawValue, op: principal.isOperator ? true : nil,
            iat: .init(value: now), nbf: .init(value: now.addingTimeInterval(-5)), exp: .init(value: expiresAt),
            jti: .init(value: UUID().lowercasedText))
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: settings.signingKey.kid))
        return (token, expiresAt)
    }

    /// The principal of a valid token. Anything else — an algorithm other than the key's own
    /// (`none` and HS256-with-the-public-key included), an unknown key, a bad signature, another
    /// issuer or audience, expired, not yet valid — is `INVALID_TOKEN` or `TOKEN_EXPIRED`.
    public func verifyAccessToken(_ token: String, now: Date = Date()) async throws(LedgerError) -> Principal {
        let invalid = LedgerError.unauthenticated(code: "INVALID_TOKEN", message: "The access token is not valid")
        let expired = LedgerError.unauthenticated(code: "TOKEN_EXPIRED", message: "The access token has expired; refresh it")
        if let verified = verifiedTokens.value(for: token) {
            guard now >= verified.notBefore else { throw invalid }
            guard now < verified.expiresAt else { throw expired }
            return verified.principal
        }
        guard isAcceptedHeader(of: token) else { throw invalid }
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            if (error.failedClaim as? ExpirationClaim) != nil { throw expired }
            throw invalid
        } catch {
            throw invalid
        }
        guard claims.iss.value == settings.issuer, claims.aud.value.contains(settings.audience),
            let principal = claims.principal
        else { throw invalid }
        verifiedTokens.remember(
            VerifiedToken(principal: principal, notBefore: claims.nbf.value, expiresAt: claims.exp.value), for: token)
        return principal
    }

    /// Whether the token's header names one of the keys with that key's own algorithm.
    /// Every token this issuer signs has one of a few headers, so accepted ones are
    /// remembered: parsing one cost a twentieth of an authenticated request.
    private func isAcceptedHeader(of token: String) -> Bool {
        guard let segment = token.split(separator: ".", maxSplits: 1).first.map(String.init) else { return false }
        if acceptedHeaders.value(for: segment) != nil { return true }
        guard let header = Self.header(of: token), let kid = header["kid"] as? String,
            let key = ([settings.signingKey] + settings.previousKeys).first(where: { $0.kid == kid }),
            header["alg"] as? String == key.algorithm
        else { return false }
        acceptedHeaders.remember(true, for: segment)
        return true
    }

    private static func header(of token: String) -> [String: Any]? {
        guard let first = token.split(separator: ".", omittingEmptySubsequences: false).first,
            token.split(separator: ".", omittingEmptySubsequences: false).count == 3
        else { return nil }
        var base64 = first.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
