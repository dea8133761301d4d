import Foundation
import LedgerCore
import PropertyBased
import Synchronization
import Testing

/// The normaliser and the cost math over arbitrary numbers: whatever a client sends, the
/// answer is buckets inside the limits or a validation error, and a cost is exact or refused;
/// nothing traps.
@Suite struct UsageLimitsPropertyTests {
    /// Counts a client might send: ordinary, at the edges of the limits, and anything at all.
    static let count = Gen.frequency(
        (weight: 8, gen: Gen.int64(in: 0...100_000)),
        (weight: 1, gen: Gen.int64(in: (UsageLimits.maximumTokens - 2)...(UsageLimits.maximumTokens + 2))),
        (weight: 1, gen: Gen.int64(in: (UsageLimits.maximumUnits - 2)...(UsageLimits.maximumUnits + 2))),
        (weight: 1, gen: Gen.int64(in: .min ... .max)), (weight: 1, gen: Gen.int64(in: (.max - 2) ... .max)),
        (weight: 1, gen: Gen.int64(in: -2...0)))

    static let openAIUsage = zip(count.optional(), count.optional(), count.optional(valueRate: 0.1), count.optional(valueRate: 0.3), count.optional(valueRate: 0.3))
        .map { prompt, completion, total, cached, reasoning in
            ReportedUsage(
                promptTokens: prompt ?? 0, completionTokens: completion, totalTokens: total, cachedTokens: cached,
                reasoningTokens: reasoning)
        }

    static let anthropicUsage = zip(count.optional(), count.optional(), count.optional(), count.optional(), count.optional(valueRate: 0.3), count.optional())
        .map { input, output, read, creation, hour, requests in
            ReportedUsage(
                inputTokens: input ?? 0, outputTokens: output, cacheReadInputTokens: read, cacheCreationInputTokens: creation,
                cacheCreation1hInputTokens: hour, requests: requests)
        }

    /// Whether the usage was accepted.
    @discardableResult
    static func checkNormalised(_ usage: ReportedUsage) -> Bool {
        do {
            let buckets = try usage.normalized()
            for token in [buckets.inputUncached, buckets.cacheRead, buckets.cacheWrite5m, buckets.cacheWrite1h, buckets.output, buckets.reasoning] {
                #expect((0...UsageLimits.maximumTokens).contains(token), "\(usage)")
            }
            for unit in [buckets.images, buckets.audioSeconds, buckets.requests] {
                #expect((0...UsageLimits.maximumUnits).contains(unit), "\(usage)")
            }
            #expect(buckets.totalTokens <= 6 * UsageLimits.maximumTokens)
            return true
        } catch {
            if case .validation(let issues) = error { #expect(!issues.isEmpty) } else { Issue.record("\(usage): \(error)") }
            return false
        }
    }

    @Test func theNormaliserAnswersBoundedBucketsOrNamesTheFields() async {
        let accepted = Mutex(0)
        await propertyCheck(count: 400, input: Self.openAIUsage) { usage in
            if Self.checkNormalised(usage) { accepted.withLock { $0 += 1 } }
        }
        await propertyCheck(count: 400, input: Self.anthropicUsage) { usage in
            if Self.checkNormalised(usage) { accepted.withLock { $0 += 1 } }
        }
        #expect((50...750).contains(accepted.withLock { $0 }), "both outcomes are exercised")
    }

    @Test func aCountPastItsLimitIsNamed() throws {
        let over = ReportedUsage(promptTokens: .max, completionTokens: .max)
        #expect(throws: LedgerError.validation([
            FieldIssue(field: "prompt_tokens", message: "must be a whole number from 0 to 10000000000"),
            FieldIssue(field: "completion_tokens", message: "must be a whole number from 0 to 10000000000"),
        ])) { try over.normalized() }
        let atLimits = try ReportedUsage(
            promptTokens: UsageLimits.maximumTokens, completionTokens: UsageLimits.maximumTokens,
            totalTokens: 2 * UsageLimits.maximumTokens, requests: UsageLimits.maximumUnits
        ).normalized()
        #expect(atLimits.totalTokens == 2 * UsageLimits.maximumTokens && atLimits.requests == UsageLimits.maximumUnits)
    }

    /// Real rates (cents to hundreds of dollars per million) most of the time, and now and then
    /// anything up to a 40-digit one.
    static let rate = Gen.frequency(
        (weight: 9, gen: zip(Gen.uint64(in: 0...100_000), Gen.int(in: -5...(-2)))),
        (weight: 1, gen: zip(Gen.uint64(in: 0...UInt64.max), Gen.int(in: -9...20)))
    ).map { digits, exponent in
        Decimal(sign: .plus, exponent: exponent, significand: Decimal(digits))
    }.optional()

    /// Tokens of an ordinary call most of the time, up to the limits now and then.
    static let tokens = Gen.frequency(
        (weight: 4, gen: Gen.int64(in: 0...2_000_000)), (weight: 1, gen: Gen.int64(in: 0...UsageLimits.maximumTokens)))

    static let buckets = zip(
        tokens, tokens, tokens,
        Gen.frequency((weight: 4, gen: Gen.int64(in: 0...10)), (weight: 1, gen: Gen.int64(in: 0...UsageLimits.maximumUnits)))
    ).map { input, cached, output, requests in
        UsageBuckets(inputUncached: input, cacheRead: cached, output: output, requests: requests)
    }

    @Test func aCostIsTheExactRoundedSumOrRefused() async {
        let outcomes = Mutex((priced: 0, refused: 0))
        await propertyCheck(count: 500, input: Self.buckets, zip(Self.rate, Self.rate, Self.rate)) { usage, rates in
            let definition = PriceDefinition(
                id: PriceDefinitionID(), orgID: nil, provider: "p", model: "m", effectiveFrom: .distantPast, effectiveTo: nil,
                rates: PriceRates(inputPerMillion: rates.0, outputPerMillion: rates.1, perRequest: rates.2), tiers: [])
            let exact = [
                (Decimal(usage.inputUncached) + Decimal(usage.cacheRead)) * (rates.0 ?? 0) * 1000,
                Decimal(usage.output) * (rates.1 ?? 0) * 1000, Decimal(usage.requests) * (rates.2 ?? 0) * 1_000_000_000,
            ].reduce(0, +)
            do {
                let cost = try definition.cost(of: usage)
                #expect(cost.total <= UsageLimits.maximumCostNanos)
                #expect(cost.total == cost.inputUncached + cost.cacheRead + cost.output + cost.requests)
                // Each of the four buckets is rounded once, so the total is within two nano-USD of exact.
                #expect(abs(Decimal(cost.total) - exact) <= 2, "\(usage) \(rates)")
                outcomes.withLock { $0.priced += 1 }
            } catch {
                #expect(exact > Decimal(UsageLimits.maximumCostNanos) - 4, "refused \(usage) \(rates) costing \(exact)")
                outcomes.withLock { $0.refused += 1 }
            }
        }
        let seen = outcomes.withLock { $0 }
        #expect(seen.priced > 100 && seen.refused > 20, "both outcomes are exercised: \(seen)")
    }

    @Test func sumsOfStoredAmountsAreCheckedNotTrapped() throws {
        var big = UsageTotals(group: [:])
        big.costNanos = .max
        var one = UsageTotals(group: [:])
        one.costNanos = 1
        #expect(throws: LedgerError.self) { try big.adding(one) }
        #expect(try one.adding(one).costNanos == 2)
        var histogram = LatencyHistogram()
        histogram.counts = Array(repeating: .max, count: LatencyHistogram.bucketCount)
        #expect(histogram.percentile(0.5) != nil)
    }
}
