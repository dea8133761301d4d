public import LedgerStore

/// What `migrate` does: the schema, then the shipped catalog.
public enum DatabaseSetup {
    @discardableResult
    public static func run(_ database: Database) async throws -> [String] {
        let applied = try await MigrationRunner(database: database).migrate()
        _ = try await PriceCatalogService(database: database).installShippedCatalog()
        return applied
    }
}
