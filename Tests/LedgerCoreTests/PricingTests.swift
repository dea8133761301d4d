import Foundation
import LedgerCore
import Testing

@Suite struct UsageNormalizationTests {
    @Test func openAIShapeSplitsCachedAndReasoningOut() throws {
        let buckets = try ReportedUsage(
            promptTokens: 1000, completionTokens: 500, totalTokens: 1500, cachedTokens: 400, reasoningTokens: 200
        ).normalized()
        #expect(buckets == UsageBuckets(inputUncached: 600, cacheRead: 400, output: 300, reasoning: 200))
        #expect(buckets.totalTokens == 1500, "no token counted twice")
    }

    @Test func anthropicShapeKeepsExclusiveBucketsAndSplitsTheHourCache() throws {
        let buckets = try ReportedUsage(
            inputTokens: 50, outputTokens: 300, cacheReadInputTokens: 10_000, cacheCreationInputTokens: 2000,
            cacheCreation1hInputTokens: 500
        ).normalized()
        #expect(buckets == UsageBuckets(inputUncached: 50, cacheRead: 10_000, cacheWrite5m: 1500, cacheWrite1h: 500, output: 300))
    }

    @Test func inconsistentNumbersAreRefusedNamingThem() {
        #expect {
            try ReportedUsage(promptTokens: 10, completionTokens: 5, totalTokens: 16).normalized()
        } throws: { error in
            guard case .validation(let issues) = error as? LedgerError else { return false }
            return issues.map(\.field) == ["total_tokens"] && issues[0].message.contains("15")
        }
        #expect(throws: LedgerError.self) { try ReportedUsage(promptTokens: 10, cachedTokens: 11).normalized() }
        #expect(throws: LedgerError.self) { try ReportedUsage(promptTokens: 1, inputTokens: 1).normalized() }
        #expect(throws: LedgerError.self) { try ReportedUsage(promptTokens: -1).normalized() }
    }
}

@Suite struct CostTests {
    static let sonnet = PriceDefinition(
        id: PriceDefinitionID(), orgID: nil, provider: "anthropic", model: "claude-sonnet-4",
        effectiveFrom: Date(timeIntervalSince1970: 0), effectiveTo: nil,
        rates: PriceRates(
            inputPerMillion: 3, cacheReadPerMillion: Decimal(string: "0.3")!, cacheWrite5mPerMillion: Decimal(string: "3.75")!,
            cacheWrite1hPerMillion: 6, outputPerMillion: 15),
        tiers: [
            PriceTier(name: "above_200k", conditions: [.inputTokensAbove(200_000)],
                      rates: PriceRates(inputPerMillion: 6, outputPerMillion: Decimal(string: "22.5")!)),
            PriceTier(name: "batch", conditions: [.serviceTier("batch")],
                      rates: PriceRates(inputPerMillion: Decimal(string: "1.5")!, outputPerMillion: Decimal(string: "7.5")!)),
        ])

    @Test func eachBucketAtItsOwnRateAndTheTotalIsTheirSum() throws {
        let usage = UsageBuckets(inputUncached: 1000, cacheRead: 10_000, cacheWrite5m: 2000, cacheWrite1h: 1000, output: 500, reasoning: 100)
        let cost = try Self.sonnet.cost(of: usage)
        #expect(cost.inputUncached == 3_000_000)  // 1000 × $3/M = $0.003
        #expect(cost.cacheRead == 3_000_000)  // 10k × $0.30/M
        #expect(cost.cacheWrite5m == 7_500_000)
        #expect(cost.cacheWrite1h == 6_000_000)
        #expect(cost.output == 7_500_000)
        #expect(cost.reasoning == 1_500_000, "reasoning falls back to the output rate")
        #expect(cost.total == 28_500_000)
        #expect(cost.tier == nil && cost.definitionID == Self.sonnet.id)
    }

    @Test func longContextPricesTheWholeRequestAtTheTierAndCountsCachedInput() throws {
        let usage = UsageBuckets(inputUncached: 150_000, cacheRead: 60_000, output: 1000)
        let cost = try Self.sonnet.cost(of: usage)
        #expect(cost.tier == "above_200k")
        #expect(cost.inputUncached == 900_000_000)  // 150k × $6/M
        #expect(cost.output == 22_500_000)
        #expect(cost.cacheRead == 18_000_000, "rates the tier does not name stay at base")
    }

    /// LLM Cost Ops' volume tiers: chosen by all the request's tokens, output included.
    @Test func aTierChosenByTotalTokensCountsOutputToo() throws {
        let volume = PriceDefinition(
            id: PriceDefinitionID(), orgID: nil, provider: "openai", model: "gpt-4", effectiveFrom: .distantPast, effectiveTo: nil,
            rates: PriceRates(inputPerMillion: 30, outputPerMillion: 60),
            tiers: [PriceTier(name: "volume", conditions: [.totalTokensAbove(1000)], rates: PriceRates(inputPerMillion: 15, outputPerMillion: 30))])
        let above = try volume.cost(of: UsageBuckets(inputUncached: 800, output: 300))
        #expect(above.tier == "volume" && above.total == 800 * 15_000 + 300 * 30_000, "1,100 tokens: the tier")
        let below = try volume.cost(of: UsageBuckets(inputUncached: 800, output: 200))
        #expect(below.tier == nil && below.total == 800 * 30_000 + 200 * 60_000, "1,000 tokens: not above the threshold")
    }

    @Test func serviceTierSelectsItsRates() throws {
        let cost = try Self.sonnet.cost(of: UsageBuckets(inputUncached: 100_000, output: 100_000), serviceTier: "batch")
        #expect(cost.tier == "batch" && cost.total == 900_000_000)  // $0.15 + $0.75
        #expect(try Self.sonnet.cost(of: UsageBuckets(inputUncached: 100_000, output: 100_000)).total == 1_800_000_000)
    }

    @Test func roundingIsOncePerBucketHalfEven() throws {
        let odd = PriceDefinition(
            id: PriceDefinitionID(), orgID: nil, provider: "x", model: "y", effectiveFrom: .distantPast, effectiveTo: nil,
            rates: PriceRates(inputPerMillion: Decimal(string: "0.0005")!, outputPerMillion: Decimal(string: "0.0015")!), tiers: [])
        // 1 token × $0.0005/M = 0.5 nano → 0 (to even); 1 token × 0.0015 = 1.5 nano → 2 (to even).
        let cost = try odd.cost(of: UsageBuckets(inputUncached: 1, output: 1))
        #expect(cost.inputUncached == 0 && cost.output == 2)
        let three = try odd.cost(of: UsageBuckets(inputUncached: 3, output: 0))
        #expect(three.inputUncached == 2, "1.5 nano rounds to 2")
    }

    @Test func validityIntervalsAreHalfOpen() {
        var definition = Self.sonnet
        definition.effectiveFrom = Date(timeIntervalSince1970: 100)
        definition.effectiveTo = Date(timeIntervalSince1970: 200)
        #expect(!definition.isValid(at: Date(timeIntervalSince1970: 99)))
        #expect(definition.isValid(at: Date(timeIntervalSince1970: 100)))
        #expect(!definition.isValid(at: Date(timeIntervalSince1970: 200)))
    }

    @Test func usdStringsHaveSixDecimals() {
        #expect(NanoUSD(150_000_000).usdString() == "0.150000")
        #expect(NanoUSD(1_234_567_890_123).usdString() == "1234.567890")
        #expect(NanoUSD(500).usdString() == "0.000000")
        #expect(NanoUSD(1_500).usdString() == "0.000002")
        #expect(NanoUSD(2_500).usdString() == "0.000002")
        #expect(NanoUSD(-1_500).usdString() == "-0.000002")
        #expect(NanoUSD(-400).usdString() == "0.000000")
        #expect(NanoUSD(4_750_000).usdString(decimals: 9) == "0.004750000")
        #expect(NanoUSD(1_999_999_999).usdString(decimals: 0) == "2")
        #expect(NanoUSD.max.usdString(decimals: 9) == "9223372036.854775807")
    }
}
