public import Foundation
import LedgerAuth
public import LedgerCore
public import LedgerStore

/// Global catalog versions: the shipped default and `tokenledger pricing import FILE`.
public struct PriceCatalogService: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct ImportSummary: Sendable, Equatable {
        /// Models priced by the new version; 0 when this exact file was imported before.
        public var imported: Int
        public var alreadyPresent: Bool
        /// The outliers imported all the same (`acceptOutliers`).
        public var acceptedOutliers: [PriceOutlier] = []
    }

    /// An import refused because the catalog looks wrong; nothing was written.
    public struct OutliersFound: Error, CustomStringConvertible {
        public let outliers: [PriceOutlier]

        public var description: String {
            (["The catalog was not imported: \(outliers.count) prices look like unit errors."]
                + outliers.map { "  \($0)" }
                + ["Check them against the provider's price page; import with --accept-outliers if they are right."])
                .joined(separator: "\n")
        }
    }

    /// The shipped catalog (LiteLLM 1.109.1, taken 2026-11-23), valid from the epoch so past
    /// events can be priced; loaded by `migrate` once per content.
    public static let shippedSource = "LiteLLM 1.109.1 model_prices_and_context_window.json (shipped default)"
    public static let shippedTakenOn = Date(timeIntervalSince1970: 1_795_392_000)  // 2026-11-23

    public static var shippedCatalog: Data { Data(PackageResources.default_prices_json) }

    public func installShippedCatalog() async throws -> ImportSummary {
        try await importCatalog(
            Self.shippedCatalog, source: Self.shippedSource, takenOn: Self.shippedTakenOn,
            effectiveFrom: Date(timeIntervalSince1970: 0), review: nil)
    }

    /// A new global version: the models it names get new definitions from `effectiveFrom`;
    /// their previous definitions end there. Importing the same file twice changes nothing.
    /// Prices that `review` finds implausible refuse the whole import (`OutliersFound`) unless
    /// `acceptOutliers`, so a bad catalog never reprices history; no review for the shipped one.
    public func importCatalog(
        _ data: Data, source: String, takenOn: Date, effectiveFrom: Date, review: CatalogReview? = CatalogReview(),
        acceptOutliers: Bool = false
    ) async throws -> ImportSummary {
        let entries: [CatalogEntry]
        do {
            entries = try LiteLLMCatalog.entries(from: data)
        } catch {
            throw LedgerError.badRequest(code: "INVALID_CATALOG", message: "The catalog file cannot be read: \(error)")
        }
        var seen = Set<String>()
        let unique = entries.filter { seen.insert("\($0.provider)/\($0.model)").inserted }
        let checksum = SecretDigest.sha256(String(decoding: data, as: UTF8.self)).map { String(format: "%02x", $0) }.joined()
        return try await database.transaction { transaction in
            let prices = PriceRepository(transaction)
            if try await prices.hasCatalogVersion(checksum: checksum) {
                return ImportSummary(imported: 0, alreadyPresent: true)
            }
            var outliers: [PriceOutlier] = []
            if let review {
                let current = try await prices.globalDefinitions(models: unique.map(\.model), at: effectiveFrom)
                outliers = review.outliers(of: unique, current: current)
            }
            if !outliers.isEmpty && !acceptOutliers { throw OutliersFound(outliers: outliers) }
            let version = UUID()
            try await prices.insertCatalogVersion(
                id: version, source: source, takenOn: takenOn, checksum: checksum, entryCount: unique.count)
            try await prices.closeGlobalDefinitions(models: unique.map(\.model), at: effectiveFrom)
            for entry in unique {
                try await prices.insert(
                    PriceDefinition(
                        id: PriceDefinitionID(), orgID: nil, provider: entry.provider, model: entry.model,
                        effectiveFrom: effectiveFrom, effectiveTo: nil, rates: entry.rates, tiers: entry.tiers),
                    catalogVersion: version)
            }
            return ImportSummary(imported: unique.count, alreadyPresent: false, acceptedOutliers: outliers)
        }
    }
}
