import Foundation
import LedgerCore
import Testing

@Suite struct CatalogReviewTests {
    static func entry(_ model: String, input: Decimal?, output: Decimal?) -> CatalogEntry {
        CatalogEntry(provider: "openai", model: model, rates: PriceRates(inputPerMillion: input, outputPerMillion: output), tiers: [])
    }

    static let inForce = Dictionary(uniqueKeysWithValues: ["a", "b", "c", "d", "e"].map { model in
        (CatalogReview.key("openai", model), PriceDefinition(
            id: PriceDefinitionID(), orgID: nil, provider: "openai", model: model, effectiveFrom: .distantPast, effectiveTo: nil,
            rates: PriceRates(inputPerMillion: 2, outputPerMillion: 8), tiers: []))
    })

    @Test func unitSlipsAndImplausibleOutputRatesAreReportedAndOrdinaryChangesAreNot() {
        let outliers = CatalogReview().outliers(of: [
            Self.entry("a", input: 10, output: 8),  // 5× up
            Self.entry("b", input: 2, output: Decimal(string: "0.666")!),  // 12× down, and output 1/3 of input: plausible
            Self.entry("c", input: 2_000_000, output: 8_000_000),  // per token read as per million
            Self.entry("d", input: 4, output: 16),  // 2×: a real price change
            Self.entry("e", input: 2, output: 0),  // no output price: not a discount
            Self.entry("new", input: 5, output: Decimal(string: "0.15")!),  // 33× below its input
        ], current: Self.inForce)
        #expect(outliers.map(\.model) == ["a", "b", "c", "c", "new"])
        #expect(outliers[0].reason == "input_per_million moves from 2 to 10 USD (5×)")
        #expect(outliers[1].reason == "output_per_million moves from 8 to 0.666 USD (12×)")
        #expect(outliers[4].reason.hasPrefix("output_per_million 0.15 is below input_per_million 5 by 33.3×"))
        #expect(CatalogReview(maximumChange: 20).outliers(of: [Self.entry("b", input: 2, output: 1)], current: Self.inForce).isEmpty)
    }
}
