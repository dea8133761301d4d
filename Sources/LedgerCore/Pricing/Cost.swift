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
    public var definitionID: PriceDefinitionID?
    /// The tier that priced the request, if one did.
    public var tier: String?

    public init() {}

    public var total: NanoUSD {
        inputUncached + cacheRead + cacheWrite5m + cacheWrite1h + output + reasoning + images + audio + requests
    }
}

extension PriceDefinition {
    /// Prices `usage` at this definition's base rates, or at the first tier whose conditions
    /// all hold.
    public func cost(of usage: UsageBuckets, serviceTier: String? = nil) -> CostBreakdown {
        let tier = tiers.first { tier in tier.conditions.allSatisfy { $0.holds(for: usage, serviceTier: serviceTier) } }
        let rates = (tier.map { self.rates.overridden(by: $0.rates) } ?? self.rates).effective
        var cost = CostBreakdown()
        cost.definitionID = id
        cost.tier = tier?.name
        cost.inputUncached = Self.perMillion(usage.inputUncached, rates.inputPerMillion)
        cost.cacheRead = Self.perMillion(usage.cacheRead, rates.cacheReadPerMillion)
        cost.cacheWrite5m = Self.perMillion(usage.cacheWrite5m, rates.cacheWrite5mPerMillion)
        cost.cacheWrite1h = Self.perMillion(usage.cacheWrite1h, rates.cacheWrite1hPerMillion)
        cost.output = Self.perMillion(usage.output, rates.outputPerMillion)
        cost.reasoning = Self.perMillion(usage.reasoning, rates.reasoningPerMillion)
        cost.images = Self.perUnit(usage.images, rates.perImage)
        cost.audio = Self.perUnit(usage.audioSeconds, rates.perAudioSecond)
        cost.requests = Self.perUnit(usage.requests, rates.perRequest)
        return cost
    }

    /// tokens × USD per million → nano-USD: tokens × rate × 1000, rounded half-even once.
    static func perMillion(_ tokens: Int64, _ rate: Decimal?) -> NanoUSD {
        guard let rate, tokens != 0 else { return 0 }
        return roundedNanos(Decimal(tokens) * rate * 1000)
    }

    static func perUnit(_ units: Int64, _ rate: Decimal?) -> NanoUSD {
        guard let rate, units != 0 else { return 0 }
        return roundedNanos(Decimal(units) * rate * 1_000_000_000)
    }

    static func roundedNanos(_ value: Decimal) -> NanoUSD {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .bankers)
        return NSDecimalNumber(decimal: rounded).int64Value
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
