import Foundation
public import JWTKit
public import LedgerCore

/// The claims of an access token. `org` and `role` name the one organization the token acts
/// in; `op` marks a platform operator.
public struct AccessClaims: JWTPayload, Equatable {
    public var iss: IssuerClaim
    public var aud: AudienceClaim
    public var sub: SubjectClaim
    public var org: String
    public var role: String
    public var op: Bool?
    public var iat: IssuedAtClaim
    public var nbf: NotBeforeClaim
    public var exp: ExpirationClaim
    public var jti: IDClaim

    public func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
        try nbf.verifyNotBefore()
    }

    /// The caller these claims describe, or nil when they name nothing this server issues.
    public var principal: Principal? {
        guard let user = UserID(sub.value), let org = OrgID(org), let role = Role(rawValue: role) else { return nil }
        return .user(user, in: org, role: role, isOperator: op ?? false)
    }
}
