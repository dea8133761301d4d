public import Foundation
public import LedgerAuth
public import LedgerCore
public import LedgerStore

/// Integration keys of the caller's organization. A key never holds a permission its creator
/// lacks; revoking or rotating tells every replica at once (NOTIFY on commit).
public struct APIKeyService: Sendable {
    let database: Database
    /// This replica's cache, evicted at once; other replicas hear the NOTIFY.
    let authenticator: APIKeyAuthenticator?

    public init(database: Database, authenticator: APIKeyAuthenticator? = nil) {
        self.database = database
        self.authenticator = authenticator
    }

    /// What a key created without `permissions` gets, as far as its creator holds it: what an
    /// integration that reports usage needs.
    public static let ingestPreset: Set<Permission> = [Permission(.usage, .write), Permission(.usage, .read)]

    /// With `budget`, the key gets a budget of its own (`block` unless the draft says
    /// otherwise), created in the same transaction: reservations made with the key are held to it.
    public func create(
        name: String, permissions: [Permission]?, expiresAt: Date?, budget: BudgetDraft? = nil, by principal: Principal,
        origin: RequestOrigin
    ) async throws -> (key: APIKey, secret: String, budget: Budget?) {
        let held = Self.ingestPreset.intersection(principal.permissions)
        let permissions = permissions ?? (held.isEmpty ? Array(Self.ingestPreset) : Array(held))
        var issues = IdentityValidation.name(name, field: "name")
        if permissions.isEmpty { issues.append(FieldIssue(field: "permissions", message: "must name at least one permission")) }
        if let expiresAt, expiresAt <= Date() { issues.append(FieldIssue(field: "expires_at", message: "must be in the future")) }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        if let beyond = permissions.sorted().first(where: { !principal.permissions.contains($0) }) {
            throw LedgerError.forbidden(beyond)
        }
        let secret = APIKeySecret.generate()
        let key = APIKey(
            id: APIKeyID(), orgID: principal.orgID, name: name, prefix: secret.prefix, permissions: Set(permissions),
            createdBy: principal.userID ?? principal.apiKeyCreator, createdAt: Date(), lastUsedAt: nil,
            expiresAt: expiresAt, revokedAt: nil)
        var keyBudget: Budget?
        if var draft = budget {
            draft.name = draft.name ?? "API key \(name)"
            draft.scope = UsageScope(apiKeys: [key.id])
            keyBudget = try draft.newBudget(in: principal.orgID, defaultAction: .block)
        }
        try await database.audited(
            "created", key.id, by: principal, origin: origin,
            details: ["permissions": .array(key.permissions.map(\.description).sorted().map(JSONValue.string))]
        ) { [keyBudget] transaction in
            try await APIKeyRepository(transaction).insert(key, digest: secret.digest)
            if let keyBudget { try await BudgetRepository(transaction).save(keyBudget) }
            try await WebhookOutbox.announce(
                .apiKeyCreated, in: principal.orgID, by: principal,
                data: ["api_key_id": .string(key.id.description), "name": .string(name), "prefix": .string(key.prefix)],
                on: transaction)
        }
        return (key, secret.plaintext, keyBudget)
    }

    public func list(_ scope: TenantScope, page: PageRequest) async throws -> Page<APIKey> {
        try await database.read(in: scope) { try await APIKeyRepository($0).list(scope, page: page) }
    }

    public func get(_ scope: TenantScope, id: APIKeyID) async throws -> APIKey {
        guard let key = try await database.read(in: scope, { try await APIKeyRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(APIKeyEntity.self)
        }
        return key
    }

    public func rename(_ id: APIKeyID, to name: String, by principal: Principal, origin: RequestOrigin) async throws -> APIKey {
        let issues = IdentityValidation.name(name, field: "name")
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        _ = try await get(principal.scope, id: id)
        try await database.audited("updated", id, by: principal, origin: origin, details: ["name": .string(name)]) {
            try await APIKeyRepository($0).rename(principal.scope, id: id, name: name)
        }
        return try await get(principal.scope, id: id)
    }

    public func revoke(_ id: APIKeyID, by principal: Principal, origin: RequestOrigin) async throws {
        _ = try await get(principal.scope, id: id)
        try await database.audited("revoked", id, by: principal, origin: origin) { transaction in
            try await APIKeyRepository(transaction).revoke(principal.scope, id: id)
            try await APIKeyRepository(transaction).announceRevocation(of: id)
            try await WebhookOutbox.announce(
                .apiKeyRevoked, in: principal.orgID, by: principal, data: ["api_key_id": .string(id.description)], on: transaction)
        }
        authenticator?.evict(id)
    }

    /// A new secret for the same key; the old one stops working everywhere.
    public func rotate(_ id: APIKeyID, by principal: Principal, origin: RequestOrigin) async throws -> (key: APIKey, secret: String) {
        let existing = try await get(principal.scope, id: id)
        guard existing.status() == .active else {
            throw LedgerError.conflict("Only an active key can be rotated (this one is \(existing.status().rawValue))")
        }
        let secret = APIKeySecret.generate()
        try await database.audited("rotated", id, by: principal, origin: origin) { transaction in
            try await APIKeyRepository(transaction).replaceSecret(principal.scope, id: id, prefix: secret.prefix, digest: secret.digest)
            try await APIKeyRepository(transaction).announceRevocation(of: id)
            // The secret in use until now stops working: integrations still sending it need to hear.
            try await WebhookOutbox.announce(
                .apiKeyInvalid, in: principal.orgID, by: principal,
                data: ["api_key_id": .string(id.description), "reason": .string("rotated")], on: transaction)
        }
        authenticator?.evict(id)
        return (try await get(principal.scope, id: id), secret.plaintext)
    }
}

extension Principal {
    /// The user behind an API key, so keys made by keys still name a person.
    var apiKeyCreator: UserID? {
        if case .apiKey(_, let createdBy) = actor { return createdBy }
        return nil
    }
}
