public import Foundation
public import LedgerCore
public import LedgerStore

/// What an organization sees of the catalog, its own prices, and quotes.
public struct PricingService: Sendable {
    let database: Database
    /// Emptied by every change made here before it answers, so the next ingest on this replica
    /// prices with it (other replicas hear of it at commit).
    let prices: PriceCandidatesCache?

    public init(database: Database, prices: PriceCandidatesCache? = nil) {
        self.database = database
        self.prices = prices
    }

    public func list(_ scope: TenantScope, filter: PriceFilter, page: PageRequest) async throws -> Page<PriceDefinition> {
        try await database.read(in: scope) { try await PriceRepository($0).list(scope, filter: filter, page: page) }
    }

    public func get(_ scope: TenantScope, id: PriceDefinitionID) async throws -> PriceDefinition {
        guard let definition = try await database.read(in: scope, { try await PriceRepository($0).find(scope, id: id) }) else {
            throw LedgerError.notFound(PriceDefinitionEntity.self)
        }
        return definition
    }

    /// An organization's own (negotiated) price, which wins over the global catalog.
    public func create(_ definition: PriceDefinition, by principal: Principal, origin: RequestOrigin) async throws -> PriceDefinition {
        var definition = definition
        definition.id = PriceDefinitionID()
        definition.orgID = principal.orgID
        try Self.validate(definition)
        let stored = definition
        try await database.tenant(principal.scope) { transaction in
            try await PriceRepository(transaction).insert(stored)
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "pricing.created", target: ("price_definition", stored.id.description),
                origin: origin, details: ["model": .string(stored.model)]))
        }
        prices?.pricesChanged()
        return try await get(principal.scope, id: stored.id)
    }

    public func replace(_ definition: PriceDefinition, by principal: Principal, origin: RequestOrigin) async throws -> PriceDefinition {
        var definition = definition
        definition.orgID = principal.orgID
        try Self.validate(definition)
        let stored = definition
        let replaced = try await database.tenant(principal.scope) { transaction in
            guard try await PriceRepository(transaction).replace(principal.scope, stored) else { return false }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "pricing.updated", target: ("price_definition", stored.id.description),
                origin: origin))
            return true
        }
        guard replaced else { throw Self.notOwn }
        prices?.pricesChanged()
        return try await get(principal.scope, id: stored.id)
    }

    public func delete(_ id: PriceDefinitionID, by principal: Principal, origin: RequestOrigin) async throws {
        let deleted = try await database.tenant(principal.scope) { transaction in
            guard try await PriceRepository(transaction).delete(principal.scope, id: id) else { return false }
            try await AuditLogRepository(transaction).append(AuditEvent(
                by: principal, in: principal.orgID, action: "pricing.deleted", target: ("price_definition", id.description),
                origin: origin))
            return true
        }
        guard deleted else { throw Self.notOwn }
        prices?.pricesChanged()
    }

    /// The price of a hypothetical usage, as ingest would compute it.
    public func quote(
        _ scope: TenantScope, provider: String?, model: String, usage: UsageBuckets, serviceTier: String?, at time: Date
    ) async throws -> (definition: PriceDefinition, cost: CostBreakdown)? {
        guard let definition = try await database.read(in: scope, {
            try await PriceRepository($0).candidates(scope, model: model, provider: provider)
        }).definition(at: time) else { return nil }
        return (definition, try definition.cost(of: usage, serviceTier: serviceTier))
    }

    /// Global definitions are read-only to organizations: they look absent to writes.
    static let notOwn = LedgerError.notFound(PriceDefinitionEntity.self)

    static func validate(_ definition: PriceDefinition) throws {
        var issues: [FieldIssue] = []
        if definition.provider.isEmpty || definition.provider.count > 100 {
            issues.append(FieldIssue(field: "provider", message: "must be 1 to 100 characters"))
        }
        if definition.model.isEmpty || definition.model.count > 200 {
            issues.append(FieldIssue(field: "model", message: "must be 1 to 200 characters"))
        }
        if let end = definition.effectiveTo, end <= definition.effectiveFrom {
            issues.append(FieldIssue(field: "effective_to", message: "must be after effective_from"))
        }
        let rates = [definition.rates] + definition.tiers.map(\.rates)
        let values = rates.flatMap {
            [$0.inputPerMillion, $0.cacheReadPerMillion, $0.cacheWrite5mPerMillion, $0.cacheWrite1hPerMillion,
             $0.outputPerMillion, $0.reasoningPerMillion, $0.perImage, $0.perAudioSecond, $0.perRequest, $0.overagePerMillion]
        }
        if values.contains(where: { ($0 ?? 0) < 0 }) { issues.append(FieldIssue(field: "rates", message: "prices must not be negative")) }
        if rates.contains(where: { !(0...UsageLimits.maximumTokens).contains($0.includedTokens ?? 0) }) {
            issues.append(FieldIssue(field: "rates.included_tokens", message: "must be from 0 to \(UsageLimits.maximumTokens)"))
        }
        let base = definition.rates
        if base.inputPerMillion == nil && base.outputPerMillion == nil && base.perRequest == nil {
            issues.append(FieldIssue(field: "rates", message: "name at least input_per_million, output_per_million or per_request"))
        }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
    }
}
