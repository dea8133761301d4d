public import Foundation

public enum PriceDefinitionEntity {}
public typealias PriceDefinitionID = Identifier<PriceDefinitionEntity>

/// USD prices: per million tokens for token buckets, per unit for the others. A missing rate
/// falls back as the catalog convention has it (see `effective`).
public struct PriceRates: Sendable, Equatable, Codable {
    public var inputPerMillion: Decimal?
    public var cacheReadPerMillion: Decimal?
    public var cacheWrite5mPerMillion: Decimal?
    public var cacheWrite1hPerMillion: Decimal?
    public var outputPerMillion: Decimal?
    public var reasoningPerMillion: Decimal?
    public var perImage: Decimal?
    public var perAudioSecond: Decimal?
    public var perRequest: Decimal?
    /// Tokens each request includes in its `perRequest` price (LLM Cost Ops' per-request plans).
    public var includedTokens: Int64?
    /// USD per million tokens beyond the included ones, all buckets together.
    public var overagePerMillion: Decimal?

    public init(
        inputPerMillion: Decimal? = nil, cacheReadPerMillion: Decimal? = nil, cacheWrite5mPerMillion: Decimal? = nil,
        cacheWrite1hPerMillion: Decimal? = nil, outputPerMillion: Decimal? = nil, reasoningPerMillion: Decimal? = nil,
        perImage: Decimal? = nil, perAudioSecond: Decimal? = nil, perRequest: Decimal? = nil, includedTokens: Int64? = nil,
        overagePerMillion: Decimal? = nil
    ) {
        self.inputPerMillion = inputPerMillion
        self.cacheReadPerMillion = cacheReadPerMillion
        self.cacheWrite5mPerMillion = cacheWrite5mPerMillion
        self.cacheWrite1hPerMillion = cacheWrite1hPerMillion
        self.outputPerMillion = outputPerMillion
        self.reasoningPerMillion = reasoningPerMillion
        self.perImage = perImage
        self.perAudioSecond = perAudioSecond
        self.perRequest = perRequest
        self.includedTokens = includedTokens
        self.overagePerMillion = overagePerMillion
    }

    /// Fallbacks: cache reads and writes at the input rate, 1-hour writes at the 5-minute
    /// rate, reasoning at the output rate, when the catalog names no rate of their own.
    var effective: PriceRates {
        var rates = self
        rates.cacheReadPerMillion = cacheReadPerMillion ?? inputPerMillion
        rates.cacheWrite5mPerMillion = cacheWrite5mPerMillion ?? inputPerMillion
        rates.cacheWrite1hPerMillion = cacheWrite1hPerMillion ?? rates.cacheWrite5mPerMillion
        rates.reasoningPerMillion = reasoningPerMillion ?? outputPerMillion
        return rates
    }

    /// `other`'s rates where it has them, ours elsewhere.
    func overridden(by other: PriceRates) -> PriceRates {
        PriceRates(
            inputPerMillion: other.inputPerMillion ?? inputPerMillion,
            cacheReadPerMillion: other.cacheReadPerMillion ?? cacheReadPerMillion,
            cacheWrite5mPerMillion: other.cacheWrite5mPerMillion ?? cacheWrite5mPerMillion,
            cacheWrite1hPerMillion: other.cacheWrite1hPerMillion ?? cacheWrite1hPerMillion,
            outputPerMillion: other.outputPerMillion ?? outputPerMillion,
            reasoningPerMillion: other.reasoningPerMillion ?? reasoningPerMillion,
            perImage: other.perImage ?? perImage, perAudioSecond: other.perAudioSecond ?? perAudioSecond,
            perRequest: other.perRequest ?? perRequest, includedTokens: other.includedTokens ?? includedTokens,
            overagePerMillion: other.overagePerMillion ?? overagePerMillion)
    }
}

/// A condition that selects a tier; the first tier whose condition holds prices the whole
/// request at its rates (over the base rates it does not name).
public enum TierCondition: Sendable, Equatable, Codable {
    /// Total input tokens (cached included) strictly above the threshold.
    case inputTokensAbove(Int64)
    /// All tokens of the request, input and output, strictly above the threshold (LLM Cost
    /// Ops' volume tiers).
    case totalTokensAbove(Int64)
    /// The request's service tier, e.g. `batch`, `priority`, `flex`.
    case serviceTier(String)

    func holds(for usage: UsageBuckets, serviceTier: String?) -> Bool {
        switch self {
        case .inputTokensAbove(let threshold): usage.totalInput > threshold
        case .totalTokensAbove(let threshold): usage.totalTokens > threshold
        case .serviceTier(let tier): serviceTier == tier
        }
    }
}

public struct PriceTier: Sendable, Equatable, Codable {
    public var name: String
    public var conditions: [TierCondition]
    public var rates: PriceRates

    public init(name: String, conditions: [TierCondition], rates: PriceRates) {
        self.name = name
        self.conditions = conditions
        self.rates = rates
    }
}

/// One price of one model over a validity interval; global (shipped catalog) or an
/// organization's own, which wins.
public struct PriceDefinition: Sendable, Equatable {
    public var id: PriceDefinitionID
    public var orgID: OrgID?
    public var provider: String
    public var model: String
    public var effectiveFrom: Date
    public var effectiveTo: Date?
    public var rates: PriceRates
    public var tiers: [PriceTier]

    public init(
        id: PriceDefinitionID, orgID: OrgID?, provider: String, model: String, effectiveFrom: Date, effectiveTo: Date?,
        rates: PriceRates, tiers: [PriceTier]
    ) {
        self.id = id
        self.orgID = orgID
        self.provider = provider
        self.model = model
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.rates = rates
        self.tiers = tiers
    }

    public func isValid(at date: Date) -> Bool {
        effectiveFrom <= date && (effectiveTo.map { date < $0 } ?? true)
    }
}

/// The definitions that may price one model, in precedence order.
public struct PriceCandidates: Sendable {
    public var definitions: [PriceDefinition]

    public init(definitions: [PriceDefinition]) {
        self.definitions = definitions
    }

    public func definition(at time: Date) -> PriceDefinition? {
        definitions.first { $0.isValid(at: time) }
    }
}
