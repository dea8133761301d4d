import Foundation
public import LedgerAuth
public import LedgerCore
public import LedgerStore

/// Cross-tenant administration of organizations, for platform operators; and the first
/// organization of a fresh installation (`tokenledger bootstrap`).
public struct OrganizationAdminService: Sendable {
    let database: Database
    /// Told when a plan changes, so this replica applies the new plan's limits at once.
    let limits: LimitsService?
    /// The plan of an organization created without one (`TOKENLEDGER_DEFAULT_PLAN`).
    let defaultPlan: Plan

    public init(database: Database, limits: LimitsService? = nil, defaultPlan: Plan) {
        self.defaultPlan = defaultPlan
        self.database = database
        self.limits = limits
    }

    public struct Changes: Sendable {
        public var name: String?
        public var plan: Plan?
        public var timeZone: String?
        public var settings: [String: JSONValue]?
        public var status: OrganizationStatus?

        public init(name: String? = nil, plan: Plan? = nil, timeZone: String? = nil, settings: [String: JSONValue]? = nil, status: OrganizationStatus? = nil) {
            self.name = name
            self.plan = plan
            self.timeZone = timeZone
            self.settings = settings
            self.status = status
        }
    }

    public func list(page: PageRequest) async throws -> Page<Organization> {
        try await OrganizationRepository(database).list(page)
    }

    public func get(_ id: OrgID) async throws -> Organization {
        guard let org = try await OrganizationRepository(database).find(id: id) else {
            throw LedgerError.notFound(OrganizationEntity.self)
        }
        return org
    }

    /// A new organization, of `defaultPlan` unless `plan` names another.
    public func create(
        name: String, slug: String?, plan: Plan?, timeZone: String, by principal: Principal?, origin: RequestOrigin
    ) async throws -> Organization {
        let plan = plan ?? defaultPlan
        let issues = IdentityValidation.name(name, field: "name") + (slug.map { IdentityValidation.slug($0, field: "slug") } ?? [])
            + IdentityValidation.timeZone(timeZone)
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        return try await IdentityValidation.withSlug(slug, for: name) {
            try await create(name: name, slug: $0, derived: $1, plan: plan, timeZone: timeZone, by: principal, origin: origin)
        }
    }

    private func create(
        name: String, slug: String, derived: Bool, plan: Plan, timeZone: String, by principal: Principal?, origin: RequestOrigin
    ) async throws -> Organization {
        let now = Date()
        let org = Organization(
            id: OrgID(), name: name, slug: slug, plan: plan, timeZone: timeZone, settings: [:], status: .active,
            createdAt: now, updatedAt: now)
        try await database.transaction { transaction in
            do {
                try await OrganizationRepository(transaction).create(org)
            } catch LedgerError.conflict {
                if derived { throw IdentityValidation.DerivedSlugTaken() }
                throw LedgerError.conflict("The slug '\(slug)' is taken")
            }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: org.id, action: "organization.created", target: ("organization", org.id.description),
                origin: origin))
        }
        return try await get(org.id)
    }

    public func update(_ id: OrgID, _ changes: Changes, by principal: Principal, origin: RequestOrigin) async throws -> Organization {
        var org = try await get(id)
        var issues: [FieldIssue] = []
        if let name = changes.name { issues += IdentityValidation.name(name, field: "name"); org.name = name }
        if let timeZone = changes.timeZone { issues += IdentityValidation.timeZone(timeZone); org.timeZone = timeZone }
        if let settings = changes.settings {
            // A merge patch: keys given replace, `null` removes, keys not named stay.
            issues += OrganizationSettings.issues(in: settings.filter { $0.value != .null })
            for (key, value) in settings { org.settings[key] = value == .null ? nil : value }
        }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        org.plan = changes.plan ?? org.plan
        org.status = changes.status ?? org.status
        let updated = org
        try await database.transaction { transaction in
            try await OrganizationRepository(transaction).update(updated)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: id, action: changes.settings == nil ? "organization.updated" : "organization.settings_changed",
                target: ("organization", id.description), origin: origin))
        }
        if changes.plan != nil { limits?.forget(id) }
        return try await get(id)
    }

    /// Deleting disables first: an active organization is disabled (its keys and sign-ins stop
    /// working); deleting a disabled one removes it and everything it owns. The audit trail stays.
    public func delete(_ id: OrgID, by principal: Principal, origin: RequestOrigin) async throws -> OrganizationStatus? {
        let org = try await get(id)
        return try await database.transaction { transaction in
            let repository = OrganizationRepository(transaction)
            let audit = AuditLogRepository(transaction)
            if org.status == .active {
                var disabled = org
                disabled.status = .disabled
                try await repository.update(disabled)
                try await audit.append(AuditEvent(
                    by: principal, in: id, action: "organization.disabled", target: ("organization", id.description), origin: origin))
                return .disabled
            }
            try await repository.delete(id: id)
            try await audit.append(AuditEvent(
                by: principal, in: id, action: "organization.deleted", target: ("organization", id.description), origin: origin))
            return nil
        }
    }

    public struct Bootstrapped: Sendable {
        public var organization: Organization
        public var owner: User
        public var password: String
        public var apiKey: String
    }

    /// The first organization, its owner (a platform operator when asked) and an API key with
    /// the owner's permissions. The password is generated when none is given.
    public func bootstrap(
        organizationName: String, email: String, name: String, password: String?, isOperator: Bool, hasher: PasswordHasher
    ) async throws -> Bootstrapped {
        let password = password ?? SecretDigest.randomToken(bytes: 18)
        try PasswordPolicy().check(password)
        let issues = IdentityValidation.email(email) + IdentityValidation.name(name, field: "name")
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        let origin = RequestOrigin(ip: nil, userAgent: "tokenledger bootstrap", requestID: UUID().lowercasedText)
        let org = try await create(name: organizationName, slug: nil, plan: nil, timeZone: "UTC", by: nil, origin: origin)
        let owner = User(id: UserID(), email: email, name: name, status: .active, isOperator: isOperator, createdAt: Date())
        let principal = Principal.user(owner.id, in: org.id, role: .owner, isOperator: isOperator)
        let hash = try await hasher.hash(password)
        try await database.transaction { transaction in
            try await UserRepository(transaction).create(owner, passwordHash: hash)
            try await MembershipRepository(transaction).add(principal.scope, user: owner.id, role: .owner)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: nil, in: org.id, action: "member.added", target: ("user", owner.id.description), origin: origin,
                details: ["role": .string("owner"), "operator": .bool(isOperator)]))
        }
        let key = try await APIKeyService(database: database).create(
            name: "bootstrap", permissions: Array(Role.owner.permissions), expiresAt: nil, by: principal, origin: origin)
        return Bootstrapped(organization: org, owner: owner, password: password, apiKey: key.secret)
    }
}
