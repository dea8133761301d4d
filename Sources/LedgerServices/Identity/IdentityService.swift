import Foundation
public import LedgerAuth
public import LedgerCore
public import LedgerStore

/// Sign-up, sign-in and sessions: rotating refresh tokens whose reuse revokes the family.
public struct IdentityService: Sendable {
    let database: Database
    let hasher: PasswordHasher
    let policy: PasswordPolicy
    let tokens: TokenIssuer
    let throttle: LoginThrottlePolicy
    let registrationEnabled: Bool
    /// The plan a registered organization gets (`TOKENLEDGER_DEFAULT_PLAN`).
    let plan: Plan

    public init(
        database: Database, hasher: PasswordHasher, tokens: TokenIssuer, throttle: LoginThrottlePolicy = .init(),
        registrationEnabled: Bool, plan: Plan, policy: PasswordPolicy = .init()
    ) {
        self.plan = plan
        self.database = database
        self.hasher = hasher
        self.policy = policy
        self.tokens = tokens
        self.throttle = throttle
        self.registrationEnabled = registrationEnabled
    }

    static let invalidCredentials = LedgerError.unauthenticated(
        code: "INVALID_CREDENTIALS", message: "The email or password is incorrect")
    static let invalidRefresh = LedgerError.unauthenticated(
        code: "INVALID_REFRESH_TOKEN", message: "The refresh token is not valid")

    public struct Registration: Sendable {
        public var email: String
        public var password: String
        public var name: String
        public var organizationName: String
        public var organizationSlug: String?

        public init(email: String, password: String, name: String, organizationName: String, organizationSlug: String?) {
            self.email = email
            self.password = password
            self.name = name
            self.organizationName = organizationName
            self.organizationSlug = organizationSlug
        }
    }

    /// A new user who owns a new organization.
    public func register(_ registration: Registration, origin: RequestOrigin) async throws -> Session {
        guard registrationEnabled else {
            throw LedgerError.badRequest(code: "REGISTRATION_DISABLED", message: "Self-service registration is disabled")
        }
        var issues = IdentityValidation.email(registration.email) + IdentityValidation.name(registration.name, field: "name")
        issues += IdentityValidation.name(registration.organizationName, field: "organization_name")
        if let slug = registration.organizationSlug { issues += IdentityValidation.slug(slug, field: "organization_slug") }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        try policy.check(registration.password)
        let hash = try await hasher.hash(registration.password)
        return try await IdentityValidation.withSlug(registration.organizationSlug, for: registration.organizationName) {
            try await register(registration, slug: $0, derived: $1, hash: hash, origin: origin)
        }
    }

    private func register(
        _ registration: Registration, slug: String, derived: Bool, hash: String, origin: RequestOrigin
    ) async throws -> Session {
        let now = Date()
        let user = User(
            id: UserID(), email: registration.email, name: registration.name, status: .active, isOperator: false,
            createdAt: now)
        let org = Organization(
            id: OrgID(), name: registration.organizationName, slug: slug, plan: plan, timeZone: "UTC", settings: [:],
            status: .active, createdAt: now, updatedAt: now)
        let principal = Principal.user(user.id, in: org.id, role: .owner)
        return try await database.tenant(principal.scope) { transaction in
            do {
                try await UserRepository(transaction).create(user, passwordHash: hash)
            } catch LedgerError.conflict {
                throw LedgerError.conflict("An account with this email already exists")
            }
            do {
                try await OrganizationRepository(transaction).create(org)
            } catch LedgerError.conflict {
                if derived { throw IdentityValidation.DerivedSlugTaken() }
                throw LedgerError.conflict("The organization slug '\(slug)' is taken")
            }
            try await MembershipRepository(transaction).add(principal.scope, user: user.id, role: .owner)
            let audit = AuditLogRepository(transaction)
            try await audit.append(AuditEvent(
                by: principal, in: org.id, action: "auth.registered", target: ("user", user.id.description), origin: origin))
            try await audit.append(AuditEvent(
                by: principal, in: org.id, action: "organization.created", target: ("organization", org.id.description),
                origin: origin))
            return try await startSession(for: user, in: org, role: .owner, family: UUID(), on: transaction)
        }
    }

    /// Email and password, optionally for a named organization (id or slug).
    public func login(email: String, password: String, organization: String?, origin: RequestOrigin) async throws -> Session {
        let accountKey = "account:\(email.lowercased())"
        let addressKey = "ip:\(origin.ip ?? "unknown")"
        let throttleRepository = AuthThrottleRepository(database)
        if let until = try await throttleRepository.lockedUntil([accountKey, addressKey]) {
            throw LedgerError.rateLimited(retryAfterSeconds: max(1, Int(until.timeIntervalSinceNow.rounded(.up))))
        }
        let found = try await UserRepository(database).findForSignIn(email: email)
        let stored = found?.passwordHash
        // An unknown email (or an account without a password) is checked against a decoy: the
        // same work, so timing does not reveal which emails exist.
        let verified = try await hasher.verify(password, against: stored ?? Self.decoyHash) && stored != nil
        guard let found, verified, found.user.status == .active else {
            try await recordFailure(email: email, keys: [accountKey, addressKey], origin: origin, orgID: nil)
            throw Self.invalidCredentials
        }
        let memberships = try await MembershipRepository(database).memberships(of: found.user.id)
            .filter { $0.organization.status == .active }.map { ($0.organization, $0.member.role) }
        let chosen: (Organization, Role)?
        if let organization {
            chosen = memberships.first { $0.0.id.description == organization.lowercased() || $0.0.slug == organization }
        } else {
            chosen = memberships.first
        }
        guard let (org, role) = chosen else {
            throw LedgerError.unauthenticated(
                code: "NO_ORGANIZATION", message: "This account is not a member of an active organization by that name")
        }
        if let hash = found.passwordHash, hasher.needsRehash(hash) {
            try await UserRepository(database).setPasswordHash(try await hasher.hash(password), for: found.user.id)
        }
        try await throttleRepository.clear(accountKey)
        return try await database.tenant(TenantScope(orgID: org.id)) { transaction in
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: .user(found.user.id, in: org.id, role: role), in: org.id, action: "auth.login_succeeded",
                target: ("user", found.user.id.description), origin: origin))
            return try await startSession(for: found.user, in: org, role: role, family: UUID(), on: transaction)
        }
    }

    /// Spends the refresh token and issues a new pair in the same family. A token that was
    /// already spent is a stolen one being replayed (or the thief's copy was used first): the
    /// whole family is revoked.
    public func refresh(_ refreshToken: String, origin: RequestOrigin) async throws -> Session {
        let digest = SecretDigest.sha256(refreshToken)
        guard let stored = try await RefreshTokenRepository(database).find(digest: digest) else { throw Self.invalidRefresh }
        let scope = TenantScope(orgID: stored.orgID)
        if stored.revoked { throw Self.invalidRefresh }
        if stored.expiresAt <= Date() {
            throw LedgerError.unauthenticated(code: "REFRESH_TOKEN_EXPIRED", message: "The refresh token has expired")
        }
        let outcome: Result<Session, LedgerError> = try await database.tenant(scope) { transaction in
            let tokens = RefreshTokenRepository(transaction)
            guard try await tokens.spend(scope, id: stored.id) else {
                try await tokens.revokeFamily(scope, family: stored.familyID)
                try await AuditLogRepository(transaction).append(AuditEvent(
                    orgID: stored.orgID, actorType: .user, actorID: stored.userID.uuid,
                    action: "auth.refresh_reuse_detected", targetType: "session_family",
                    targetID: stored.familyID.lowercasedText, origin: origin))
                return .failure(.unauthenticated(
                    code: "REFRESH_TOKEN_REUSED", message: "This refresh token was already used; all its sessions are revoked"))
            }
            guard let member = try await MembershipRepository(transaction).member(scope, user: stored.userID),
                member.user.status == .active,
                let org = try await OrganizationRepository(transaction).find(scope), org.status == .active
            else { return .failure(Self.invalidRefresh) }
            return .success(try await startSession(
                for: member.user, in: org, role: member.role, family: stored.familyID, on: transaction))
        }
        return try outcome.get()
    }

    /// Ends the session the refresh token belongs to (its whole family).
    public func logout(_ refreshToken: String, origin: RequestOrigin) async throws {
        guard let stored = try await RefreshTokenRepository(database).find(digest: SecretDigest.sha256(refreshToken)) else {
            throw Self.invalidRefresh
        }
        let scope = TenantScope(orgID: stored.orgID)
        try await database.tenant(scope) { transaction in
            try await RefreshTokenRepository(transaction).revokeFamily(scope, family: stored.familyID)
            try await AuditLogRepository(transaction).append(AuditEvent(
                orgID: stored.orgID, actorType: .user, actorID: stored.userID.uuid, action: "auth.logout",
                targetType: "user", targetID: stored.userID.description, origin: origin))
        }
    }

    /// A new session in another organization the user belongs to.
    public func switchOrganization(_ principal: Principal, to target: OrgID, origin: RequestOrigin) async throws -> Session {
        guard let userID = principal.userID else {
            throw LedgerError.notAllowed(code: "NOT_A_USER", message: "Only a signed-in user can switch organizations")
        }
        let scope = TenantScope(orgID: target)
        return try await database.tenant(scope) { transaction in
            guard let member = try await MembershipRepository(transaction).member(scope, user: userID),
                let org = try await OrganizationRepository(transaction).find(scope), org.status == .active
            else { throw LedgerError.notFound(OrganizationEntity.self) }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: target, action: "auth.switched_organization",
                target: ("organization", target.description), origin: origin,
                details: ["from": .string(principal.orgID.description)]))
            return try await startSession(for: member.user, in: org, role: member.role, family: UUID(), on: transaction)
        }
    }

    /// The caller's user, organization and role, and the other organizations it may switch
    /// to: one read of the user's memberships, in which the caller's organization must be.
    public func me(_ principal: Principal) async throws -> (member: Member, organization: Organization, organizations: [(Organization, Role)]) {
        guard let userID = principal.userID else { throw LedgerError.notFound(UserEntity.self) }
        let memberships = try await MembershipRepository(database).memberships(of: userID)
        guard let current = memberships.first(where: { $0.organization.id == principal.orgID }) else {
            throw LedgerError.notFound(UserEntity.self)
        }
        return (current.member, current.organization, memberships.map { ($0.organization, $0.member.role) })
    }

    private func startSession(
        for user: User, in org: Organization, role: Role, family: UUID, on transaction: Transaction
    ) async throws -> Session {
        let principal = Principal.user(user.id, in: org.id, role: role, isOperator: user.isOperator)
        let access = try await tokens.issueAccessToken(for: principal)
        let refresh = "rt_" + SecretDigest.randomToken(bytes: 32)
        let lifetime = TimeInterval(tokens.settings.refreshTokenLifetime.components.seconds)
        try await RefreshTokenRepository(transaction).insert(
            principal.scope, user: user.id, family: family, digest: SecretDigest.sha256(refresh),
            expiresAt: Date().addingTimeInterval(lifetime))
        return Session(
            accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh, user: user,
            organization: org, role: role)
    }

    private func recordFailure(email: String, keys: [String], origin: RequestOrigin, orgID: OrgID?) async throws {
        let repository = AuthThrottleRepository(database)
        let limits = [throttle.accountFailures, throttle.addressFailures]
        for (key, limit) in zip(keys, limits) {
            if let until = try await repository.recordFailure(
                key, limit: limit, windowSeconds: throttle.windowSeconds, lockSeconds: throttle.lockSeconds)
            {
                try await repository.lock(key, until: until)
            }
        }
        try await AuditLogRepository(database).append(AuditEvent(
            orgID: orgID, actorType: .anonymous, actorID: nil, action: "auth.login_failed", targetType: "email",
            targetID: email.lowercased(), origin: origin))
    }

    /// A valid argon2id hash of a random password: verifying against it costs what a real check costs.
    static let decoyHash =
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0vqV7k1uW2Rb8b4bnN0zj7W9QpQm6e7b8m3r1x5mYlE"
}
