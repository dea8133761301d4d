import HTTPTypes
public import LedgerAuth
public import OpenAPIKit

public struct JWKSetResponse: APISchema, APIOutput {
    var keys: [[String: String]]

    public static var schema: JSONSchema {
        .object(properties: [
            "keys": .array(
                description: "Ed25519 public keys (OKP); empty when tokens are HS256, whose secret is never published",
                items: .object(properties: [
                    "kty": .string, "crv": .string, "x": .string, "kid": .string, "alg": .string, "use": .string,
                ]))
        ])
    }
    public static let samples = [
        JWKSetResponse(keys: [["kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "k1", "alg": "EdDSA", "use": "sig"]])
    ]
}

extension Endpoint where Input == NoInput, Query == NoQuery, Output == JWKSetResponse {
    static let jwks = Endpoint(
        .get, "/.well-known/jwks.json", operationID: "getJWKS", tag: "Auth",
        summary: "The public keys that verify access tokens (JWKS)", access: .anyone)
}

public struct KeySetRoutes: Sendable {
    let tokens: TokenIssuer

    public init(tokens: TokenIssuer) {
        self.tokens = tokens
    }

    public func register(in api: inout APIRegistry) {
        api.publicRoute(.jwks) { _, _ in JWKSetResponse(keys: tokens.jwks) }
    }
}
