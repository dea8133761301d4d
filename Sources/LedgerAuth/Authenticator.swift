public import LedgerCore

/// Turns request credentials into a principal: `X-API-Key: tl_…`, `Authorization: ApiKey tl_…`
/// (the scheme LLM Cost Ops clients send), or `Authorization: Bearer` with either an API key
/// or a JWT access token.
public struct Authenticator: Sendable {
    let tokens: TokenIssuer
    let apiKeys: APIKeyAuthenticator

    public init(tokens: TokenIssuer, apiKeys: APIKeyAuthenticator) {
        self.tokens = tokens
        self.apiKeys = apiKeys
    }

    public func principal(authorization: String?, apiKey: String?) async throws(LedgerError) -> Principal {
        if apiKey != nil, authorization != nil {
            // Two credentials could name two callers; neither is taken over the other.
            throw .unauthenticated(code: "AMBIGUOUS_CREDENTIALS", message: "Send X-API-Key or Authorization, not both")
        }
        if let apiKey {
            return try await apiKeys.authenticate(apiKey)
        }
        guard let authorization else {
            throw .unauthenticated(code: "UNAUTHORIZED", message: "Send an access token (Authorization: Bearer) or an API key (X-API-Key)")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "apikey"].contains(parts[0].lowercased()) else {
            throw .unauthenticated(
                code: "UNAUTHORIZED", message: "The Authorization header must be 'Bearer <token>' or 'ApiKey <key>'")
        }
        let credential = String(parts[1].trimmingHeaderWhitespace())
        if parts[0].lowercased() == "apikey" || credential.hasPrefix("tl_") {
            return try await apiKeys.authenticate(credential)
        }
        return try await tokens.verifyAccessToken(credential)
    }
}
