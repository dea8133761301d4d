import Foundation

/// Money in whole nano-USD (1e-9 USD): exact, and summed without rounding drift.
public typealias NanoUSD = Int64

/// The cost of one usage record: each bucket rounded once (half-even, to a nano-USD), the
/// total their exact sum, and what priced it.
public struct CostBreakdown: Sendable, Equatable, Codable {
    public var inputUncached: NanoUSD = 0
    public var cacheRead: NanoUSD = 0
    public var cacheWrite5m: NanoUSD = 0
    public var cacheWrite1h: NanoUSD = 0
    public var output: NanoUSD = 0
    public var reasoning: NanoUSD = 0
    public var images: NanoUSD = 0
    public var audio: NanoUSD = 0
    public var requests: NanoUSD = 0
    /// Tokens beyond what the per-request price includes.
    public var overage: NanoUSD = 0
    public var definitionID: PriceDefinitionID?
    /// The tier that priced the request, if one did.
    public var tier: String?

    public init() {}

    public var total: NanoUSD {
        inputUncached + cacheRead + cacheWrite5m + cacheWrite1h + output + reasoning + images + audio + requests + overage
    }
}

extension PriceDefinition {
    /// Prices `usage` at this definition's base rates, or at the first tier whose conditions
    /// all hold. A record that would cost more than `UsageLimits.maximumCostNanos` is refused
    /// (a 40-digit rate is a valid price, so the bound is checked here, not assumed).
    public func cost(of usage: UsageBuckets, serviceTier: String? = nil) throws(LedgerError) -> CostBreakdown {
        let tier = tiers.first { tier in tier.conditions.allSatisfy { $0.holds(for: usage, serviceTier: serviceTier) } }
        let rates = (tier.map { self.rates.overridden(by: $0.rates) } ?? self.rates).effective
        var cost = CostBreakdown()
        cost.definitionID = id
        cost.tier = tier?.name
        var total: NanoUSD = 0
        func nanos(_ amount: Int64, _ rate: Decimal?, perUnit nanosPerRate: Decimal) throws(LedgerError) -> NanoUSD {
            guard let rate, amount != 0 else { return 0 }
            let exact = Decimal(amount) * rate * nanosPerRate
            let rounded = exact <= Decimal(UsageLimits.maximumCostNanos) ? Self.roundedNanos(exact) : UsageLimits.maximumCostNanos + 1
            total += rounded
            guard total <= UsageLimits.maximumCostNanos else {
                throw .validation([FieldIssue(
                    field: "usage", message: "costs more than 1000000 USD at the price in effect for \(model); send it as several records")])
            }
            return rounded
        }
        // Token rates are USD per million tokens: × 1000 makes nano-USD per token.
        cost.inputUncached = try nanos(usage.inputUncached, rates.inputPerMillion, perUnit: 1000)
        cost.cacheRead = try nanos(usage.cacheRead, rates.cacheReadPerMillion, perUnit: 1000)
        cost.cacheWrite5m = try nanos(usage.cacheWrite5m, rates.cacheWrite5mPerMillion, perUnit: 1000)
        cost.cacheWrite1h = try nanos(usage.cacheWrite1h, rates.cacheWrite1hPerMillion, perUnit: 1000)
        cost.output = try nanos(usage.output, rates.outputPerMillion, perUnit: 1000)
        cost.reasoning = try nanos(usage.reasoning, rates.reasoningPerMillion, perUnit: 1000)
        cost.images = try nanos(usage.images, rates.perImage, perUnit: 1_000_000_000)
        cost.audio = try nanos(usage.audioSeconds, rates.perAudioSecond, perUnit: 1_000_000_000)
        cost.requests = try nanos(usage.requests, rates.perRequest, perUnit: 1_000_000_000)
        cost.overage = try nanos(Self.overageTokens(of: usage, including: rates.includedTokens), rates.overagePerMillion, perUnit: 1000)
        return cost
    }

    /// The tokens past those the requests include (`included` each; none without it).
    static func overageTokens(of usage: UsageBuckets, including included: Int64?) -> Int64 {
        let (allowance, overflow) = (included ?? 0).multipliedReportingOverflow(by: usage.requests)
        return overflow ? 0 : max(0, usage.totalTokens - allowance)
    }

    /// Rounded once, half-even, to a whole nano-USD; the caller has bounded `value`.
    static func roundedNanos(_ value: Decimal) -> NanoUSD {
        NSDecimalNumber(decimal: value.rounded()).int64Value
    }
}

extension NanoUSD {
    /// `0.150000`: USD with `decimals` (0 to 9) decimals, half-even, as the CSV export prints
    /// it. Integer arithmetic: this runs for every event answered or exported.
    public func usdString(decimals: Int = 6) -> String {
        precondition((0...9).contains(decimals), "nano-USD has nine decimals")
        var unit: Int64 = 1
        for _ in 0..<(9 - decimals) { unit *= 10 }
        let magnitude = self.magnitude
        var units = magnitude / UInt64(unit)
        let remainder = magnitude % UInt64(unit)
        if remainder * 2 > UInt64(unit) || (remainder * 2 == UInt64(unit) && units % 2 == 1) { units += 1 }
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let sign = self < 0 && units > 0 ? "-" : ""
        let whole = String(units / scale)
        guard decimals > 0 else { return sign + whole }
        let fraction = String(units % scale)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}

extension Int64 {
    /// Nano-USD from a USD decimal string with at most nine decimals ("0.0035"), by integer
    /// arithmetic; nil for anything else, negative numbers and amounts past the range included.
    public init?(usdDecimal text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (1...9).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit) else { return nil }
        guard let units = Int64(whole) else { return nil }
        let (scaled, overflow) = units.multipliedReportingOverflow(by: 1_000_000_000)
        let nanos = Int64(fraction + String(repeating: "0", count: 9 - fraction.count)) ?? 0
        guard !overflow, case let (sum, false) = scaled.addingReportingOverflow(nanos) else { return nil }
        self = sum
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
