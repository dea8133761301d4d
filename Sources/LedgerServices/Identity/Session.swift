public import Foundation
public import LedgerCore

/// What a successful sign-in, refresh or org switch answers.
public struct Session: Sendable {
    public var accessToken: String
    public var accessTokenExpiresAt: Date
    public var refreshToken: String
    public var user: User
    public var organization: Organization
    public var role: Role
}

/// Throttling of failed sign-ins, per account and per client address.
public struct LoginThrottlePolicy: Sendable {
    public var accountFailures = 5
    public var addressFailures = 20
    public var windowSeconds = 900
    public var lockSeconds = 900

    public init() {}
}
