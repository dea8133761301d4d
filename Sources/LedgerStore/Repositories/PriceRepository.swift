import Foundation
import LedgerCore
import PostgresNIO

/// Price definitions and catalog versions. Global rows have no organization; an
/// organization's own rows are reached only through its scope.
public struct PriceRepository: Sendable {
    let db: any QueryRunner

    public init(_ db: any QueryRunner) {
        self.db = db
    }

    static let columns = """
        p.id, p.org_id, p.provider, p.model, p.effective_from, p.effective_to, p.input_per_million::text,
        p.cache_read_per_million::text, p.cache_write_5m_per_million::text, p.cache_write_1h_per_million::text,
        p.output_per_million::text, p.reasoning_per_million::text, p.per_image::text, p.per_audio_second::text,
        p.per_request::text, p.tiers::text
        """
    typealias Row = (
        UUID, UUID?, String, String, Date, Date?, String?, String?, String?, String?, String?, String?, String?, String?,
        String?, String
    )

    static func definition(_ row: Row) -> PriceDefinition {
        func decimal(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }
        return PriceDefinition(
            id: PriceDefinitionID(row.0), orgID: row.1.map(OrgID.init), provider: row.2, model: row.3, effectiveFrom: row.4,
            effectiveTo: row.5,
            rates: PriceRates(
                inputPerMillion: decimal(row.6), cacheReadPerMillion: decimal(row.7), cacheWrite5mPerMillion: decimal(row.8),
                cacheWrite1hPerMillion: decimal(row.9), outputPerMillion: decimal(row.10), reasoningPerMillion: decimal(row.11),
                perImage: decimal(row.12), perAudioSecond: decimal(row.13), perRequest: decimal(row.14)),
            tiers: (try? JSONDecoder().decode([PriceTier].self, from: Data(row.15.utf8))) ?? [])
    }

    public func insert(_ definition: PriceDefinition, catalogVersion: UUID? = nil) async throws {
        let rates = definition.rates
        let tiers = String(decoding: try JSONEncoder().encode(definition.tiers), as: UTF8.self)
        try await db.execute(
            """
            INSERT INTO price_definitions (id, org_id, catalog_version_id, provider, model, effective_from, effective_to,
                input_per_million, cache_read_per_million, cache_write_5m_per_million, cache_write_1h_per_million,
                output_per_million, reasoning_per_million, per_image, per_audio_second, per_request, tiers)
            VALUES (\(definition.id.uuid), \(definition.orgID?.uuid), \(catalogVersion), \(definition.provider),
                \(definition.model), \(definition.effectiveFrom), \(definition.effectiveTo),
                \(rates.inputPerMillion?.description)::numeric, \(rates.cacheReadPerMillion?.description)::numeric,
                \(rates.cacheWrite5mPerMillion?.description)::numeric, \(rates.cacheWrite1hPerMillion?.description)::numeric,
                \(rates.outputPerMillion?.description)::numeric, \(rates.reasoningPerMillion?.description)::numeric,
                \(rates.perImage?.description)::numeric, \(rates.perAudioSecond?.description)::numeric,
                \(rates.perRequest?.description)::numeric, \(tiers)::jsonb)
            """)
    }

    /// Every definition that could price `model` for the organization, in precedence order:
    /// its own before global, the most specific name first, the latest start first. The one
    /// that prices an event is the first valid at its time (`PriceCandidates.definition(at:)`),
    /// so a batch looks prices up once per model, not once per event.
    public func candidates(_ scope: TenantScope, model: String, provider: String?) async throws -> PriceCandidates {
        let names = priceLookupCandidates(for: model)
        let rows = try await db.all(
            """
            SELECT \(unescaped: Self.columns) FROM price_definitions p
            WHERE (p.org_id = \(scope.orgID.uuid) OR p.org_id IS NULL) AND p.model = ANY(\(names))
              AND (\(provider)::text IS NULL OR p.provider = \(provider))
            ORDER BY p.org_id IS NULL, array_position(\(names), p.model), p.effective_from DESC
            """, as: Row.self)
        return PriceCandidates(definitions: rows.map(Self.definition))
    }

    public func list(_ scope: TenantScope, filter: PriceFilter, page: PageRequest) async throws -> Page<PriceDefinition> {
        let sortKey = PageCursor.sortKey("p.effective_from")
        let rows = try await db.all(
            """
            SELECT \(unescaped: Self.columns), \(unescaped: sortKey) FROM price_definitions p
            WHERE (p.org_id = \(scope.orgID.uuid) OR p.org_id IS NULL)
              AND (\(filter.provider)::text IS NULL OR p.provider = \(filter.provider))
              AND (\(filter.model)::text IS NULL OR p.model = \(filter.model))
              AND (\(filter.validAt)::timestamptz IS NULL OR (p.effective_from <= \(filter.validAt)
                   AND (p.effective_to IS NULL OR p.effective_to > \(filter.validAt))))
              AND (\(unescaped: sortKey), p.id::text) > (\(page.afterMicros), \(page.afterID))
            ORDER BY 17, p.id::text LIMIT \(page.limit + 1)
            """,
            as: (UUID, UUID?, String, String, Date, Date?, String?, String?, String?, String?, String?, String?, String?,
                 String?, String?, String, Int64).self)
        return PageCursor.page(rows, limit: page.limit, key: { PageCursor(micros: $0.16, id: $0.0.uuidString.lowercased()) }) {
            Self.definition(($0.0, $0.1, $0.2, $0.3, $0.4, $0.5, $0.6, $0.7, $0.8, $0.9, $0.10, $0.11, $0.12, $0.13, $0.14, $0.15))
        }
    }

    /// A global definition, or one of the organization's own.
    public func find(_ scope: TenantScope, id: PriceDefinitionID) async throws -> PriceDefinition? {
        try await db.first(
            """
            SELECT \(unescaped: Self.columns) FROM price_definitions p
            WHERE p.id = \(id.uuid) AND (p.org_id = \(scope.orgID.uuid) OR p.org_id IS NULL)
            """, as: Row.self
        ).map(Self.definition)
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

    /// Ends the open global definitions of these models where the new version begins.
    public func closeGlobalDefinitions(models: [String], at start: Date) async throws {
        try await db.execute(
            """
            UPDATE price_definitions SET effective_to = \(start), updated_at = now()
            WHERE org_id IS NULL AND effective_to IS NULL AND model = ANY(\(models)) AND effective_from < \(start)
            """)
    }
}
