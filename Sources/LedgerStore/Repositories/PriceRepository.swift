public import Foundation
public import LedgerCore
import PostgresNIO

/// Price definitions and catalog versions. Global rows have no organization; an
/// organization's own rows are reached only through its scope.
public struct PriceRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    /// Notified at the commit of any change to the definitions (Migrations/0021's trigger).
    public static let changeChannel = "tl_prices_changed"

    /// Prices are NUMERIC, read as text so that no binary floating point touches them.
    static let rateColumns = [
        "input_per_million", "cache_read_per_million", "cache_write_5m_per_million", "cache_write_1h_per_million",
        "output_per_million", "reasoning_per_million", "per_image", "per_audio_second", "per_request", "overage_per_million",
    ]
    static let columns = ([
        "p.id", "p.org_id", "p.provider", "p.model", "p.effective_from", "p.effective_to", "p.tiers::text AS tiers",
        "p.included_tokens",
    ]
        + rateColumns.map { "p.\($0)::text AS \($0)" }).joined(separator: ", ")

    static func definition(_ column: RowColumns) throws -> PriceDefinition {
        func decimal(_ name: String) throws -> Decimal? {
            try column(name, as: String?.self).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
        }
        return PriceDefinition(
            id: PriceDefinitionID(try column("id", as: UUID.self)), orgID: try column("org_id", as: UUID?.self).map(OrgID.init),
            provider: try column("provider"), model: try column("model"), effectiveFrom: try column("effective_from"),
            effectiveTo: try column("effective_to"),
            rates: PriceRates(
                inputPerMillion: try decimal("input_per_million"), cacheReadPerMillion: try decimal("cache_read_per_million"),
                cacheWrite5mPerMillion: try decimal("cache_write_5m_per_million"),
                cacheWrite1hPerMillion: try decimal("cache_write_1h_per_million"), outputPerMillion: try decimal("output_per_million"),
                reasoningPerMillion: try decimal("reasoning_per_million"), perImage: try decimal("per_image"),
                perAudioSecond: try decimal("per_audio_second"), perRequest: try decimal("per_request"),
                includedTokens: try column("included_tokens"), overagePerMillion: try decimal("overage_per_million")),
            tiers: (try? JSONDecoder().decode([PriceTier].self, from: Data(try column("tiers", as: String.self).utf8))) ?? [])
    }

    public func insert(_ definition: PriceDefinition, catalogVersion: UUID? = nil) async throws {
        let rates = definition.rates
        let tiers = String(decoding: try JSONEncoder().encode(definition.tiers), as: UTF8.self)
        try await db.execute(
            """
            INSERT INTO price_definitions (id, org_id, catalog_version_id, provider, model, effective_from, effective_to,
                input_per_million, cache_read_per_million, cache_write_5m_per_million, cache_write_1h_per_million,
                output_per_million, reasoning_per_million, per_image, per_audio_second, per_request, tiers, included_tokens,
                overage_per_million)
            VALUES (\(definition.id.uuid), \(definition.orgID?.uuid), \(catalogVersion), \(definition.provider),
                \(definition.model), \(definition.effectiveFrom), \(definition.effectiveTo),
                \(rates.inputPerMillion?.description)::numeric, \(rates.cacheReadPerMillion?.description)::numeric,
                \(rates.cacheWrite5mPerMillion?.description)::numeric, \(rates.cacheWrite1hPerMillion?.description)::numeric,
                \(rates.outputPerMillion?.description)::numeric, \(rates.reasoningPerMillion?.description)::numeric,
                \(rates.perImage?.description)::numeric, \(rates.perAudioSecond?.description)::numeric,
                \(rates.perRequest?.description)::numeric, \(tiers)::jsonb, \(rates.includedTokens),
                \(rates.overagePerMillion?.description)::numeric)
            """)
    }

    /// Every definition that could price `model` for the organization, in precedence order:
    /// its own before global, the most specific name first, the latest start first. The one
    /// that prices an event is the first valid at its time (`PriceCandidates.definition(at:)`),
    /// so a batch looks prices up once per model, not once per event.
    public func candidates(_ scope: TenantScope, model: String, provider: String?) async throws -> PriceCandidates {
        let definitions = try await db.all(
            prepared: Candidates(org: scope.orgID.uuid, names: priceLookupCandidates(for: model), provider: provider),
            reading: Self.definition)
        return PriceCandidates(definitions: definitions)
    }

    /// Prepared: every group of ingests runs it once per model.
    struct Candidates: PreparedQuery {
        static let sql = """
            SELECT \(columns) FROM price_definitions p
            WHERE (p.org_id = $1 OR p.org_id IS NULL) AND p.model = ANY($2::text[])
              AND ($3::text IS NULL OR p.provider = $3::text)
            ORDER BY p.org_id IS NULL, array_position($2::text[], p.model), p.effective_from DESC
            """
        let org: UUID
        let names: [String]
        let provider: String?

        func makeBindings() -> PostgresBindings {
            var binds = PostgresBindings()
            binds.append(org)
            binds.append(names)
            binds.append(provider)
            return binds
        }
    }

    public func list(_ scope: TenantScope, filter: PriceFilter, page: PageRequest) async throws -> Page<PriceDefinition> {
        let sortKey = PageCursor.sortKey("p.effective_from")
        return try await db.page(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) AS sort_key FROM price_definitions p
            WHERE (p.org_id = \(scope.orgID.uuid) OR p.org_id IS NULL)
              AND (\(filter.provider)::text IS NULL OR p.provider = \(filter.provider))
              AND (\(filter.model)::text IS NULL OR p.model = \(filter.model))
              AND (\(filter.validAt)::timestamptz IS NULL OR (p.effective_from <= \(filter.validAt)
                   AND (p.effective_to IS NULL OR p.effective_to > \(filter.validAt))))
              AND (\(unescaped: sortKey), p.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY sort_key, p.id::text LIMIT \(page.limit + 1)
            """, limit: page.limit, reading: Self.definition)
    }

    /// A global definition, or one of the organization's own.
    public func find(_ scope: TenantScope, id: PriceDefinitionID) async throws -> PriceDefinition? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns) FROM price_definitions p
            WHERE p.id = \(id.uuid) AND (p.org_id = \(scope.orgID.uuid) OR p.org_id IS NULL)
            """, reading: Self.definition)
    }

    /// Only the organization's own definitions can change.
    public func replace(_ scope: TenantScope, _ definition: PriceDefinition) async throws -> Bool {
        let rates = definition.rates
        let tiers = String(decoding: try JSONEncoder().encode(definition.tiers), as: UTF8.self)
        return try await db.first(
            """
            UPDATE price_definitions SET provider = \(definition.provider), model = \(definition.model),
                effective_from = \(definition.effectiveFrom), effective_to = \(definition.effectiveTo),
                input_per_million = \(rates.inputPerMillion?.description)::numeric,
                cache_read_per_million = \(rates.cacheReadPerMillion?.description)::numeric,
                cache_write_5m_per_million = \(rates.cacheWrite5mPerMillion?.description)::numeric,
                cache_write_1h_per_million = \(rates.cacheWrite1hPerMillion?.description)::numeric,
                output_per_million = \(rates.outputPerMillion?.description)::numeric,
                reasoning_per_million = \(rates.reasoningPerMillion?.description)::numeric,
                per_image = \(rates.perImage?.description)::numeric, per_audio_second = \(rates.perAudioSecond?.description)::numeric,
                per_request = \(rates.perRequest?.description)::numeric, tiers = \(tiers)::jsonb, updated_at = now()
            WHERE org_id = \(scope.orgID.uuid) AND id = \(definition.id.uuid)
            RETURNING true
            """, as: Bool.self) ?? false
    }

    public func delete(_ scope: TenantScope, id: PriceDefinitionID) async throws -> Bool {
        try await db.first(
            "DELETE FROM price_definitions WHERE org_id = \(scope.orgID.uuid) AND id = \(id.uuid) RETURNING true",
            as: Bool.self) ?? false
    }

    // MARK: Catalog versions (global, not tenant data)

    public func hasCatalogVersion(checksum: String) async throws -> Bool {
        try await db.first("SELECT true FROM price_catalog_versions WHERE checksum = \(checksum)", as: Bool.self) ?? false
    }

    public func insertCatalogVersion(id: UUID, source: String, takenOn: Date, checksum: String, entryCount: Int) async throws {
        try await db.execute(
            """
            INSERT INTO price_catalog_versions (id, source, taken_on, checksum, entry_count)
            VALUES (\(id), \(source), \(takenOn)::date, \(checksum), \(entryCount))
            """)
    }

    /// The global definitions of these models in force at `time`, by provider and model.
    public func globalDefinitions(models: [String], at time: Date) async throws -> [String: PriceDefinition] {
        let definitions = try await db.all(
            """
            SELECT \(unescaped: Self.columns) FROM price_definitions p
            WHERE p.org_id IS NULL AND p.model = ANY(\(models)) AND p.effective_from <= \(time)
              AND (p.effective_to IS NULL OR p.effective_to > \(time))
            """, reading: Self.definition)
        return Dictionary(definitions.map { (CatalogReview.key($0.provider, $0.model), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Ends the open global definitions of these models where the new version begins.
    public func closeGlobalDefinitions(models: [String], at start: Date) async throws {
        try await db.execute(
            """
            UPDATE price_definitions SET effective_to = \(start), updated_at = now()
            WHERE org_id IS NULL AND effective_to IS NULL AND model = ANY(\(models)) AND effective_from < \(start)
            """)
    }
}
