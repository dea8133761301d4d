import Foundation
import LedgerCore
public import OpenAPIKit

/// Prices travel as decimal strings (`"2.5"` USD per million tokens), never as JSON floats.
struct RatesBody: Codable, Sendable, Equatable {
    var inputPerMillion: String?
    var cacheReadPerMillion: String?
    var cacheWrite5mPerMillion: String?
    var cacheWrite1hPerMillion: String?
    var outputPerMillion: String?
    var reasoningPerMillion: String?
    var perImage: String?
    var perAudioSecond: String?
    var perRequest: String?
    var overagePerMillion: String?
    var includedTokens: Int64?

    init(_ rates: PriceRates) {
        func text(_ value: Decimal?) -> String? { value.map { "\($0)" } }
        inputPerMillion = text(rates.inputPerMillion)
        cacheReadPerMillion = text(rates.cacheReadPerMillion)
        cacheWrite5mPerMillion = text(rates.cacheWrite5mPerMillion)
        cacheWrite1hPerMillion = text(rates.cacheWrite1hPerMillion)
        outputPerMillion = text(rates.outputPerMillion)
        reasoningPerMillion = text(rates.reasoningPerMillion)
        perImage = text(rates.perImage)
        perAudioSecond = text(rates.perAudioSecond)
        perRequest = text(rates.perRequest)
        overagePerMillion = text(rates.overagePerMillion)
        includedTokens = rates.includedTokens
    }

    /// A price as sent: a non-negative decimal of at most 40 characters.
    private static func decimal(_ text: String?) -> Decimal? {
        guard let text, text.count <= 40, text.wholeMatch(of: /\d+(\.\d+)?/) != nil else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    func rates(field prefix: String) throws -> PriceRates {
        let issues = Mirror(reflecting: self).children.compactMap { child -> FieldIssue? in
            guard let text = child.value as? String?, text != nil, Self.decimal(text) == nil, let label = child.label else { return nil }
            return FieldIssue(field: prefix + SnakeCase.snake(label), message: "must be a non-negative decimal string such as \"2.5\"")
        }
        if !issues.isEmpty { throw LedgerError.validation(issues) }
        return PriceRates(
            inputPerMillion: Self.decimal(inputPerMillion), cacheReadPerMillion: Self.decimal(cacheReadPerMillion),
            cacheWrite5mPerMillion: Self.decimal(cacheWrite5mPerMillion), cacheWrite1hPerMillion: Self.decimal(cacheWrite1hPerMillion),
            outputPerMillion: Self.decimal(outputPerMillion), reasoningPerMillion: Self.decimal(reasoningPerMillion),
            perImage: Self.decimal(perImage), perAudioSecond: Self.decimal(perAudioSecond), perRequest: Self.decimal(perRequest),
            includedTokens: includedTokens, overagePerMillion: Self.decimal(overagePerMillion))
    }

    /// A definition's own rates name at least the input or the output price.
    static var definitionSchema: JSONSchema {
        .all(
            of: [
                schema,
                .any(
                    of: ["input_per_million", "output_per_million", "per_request"].map { .object(properties: [$0: .string]) },
                    core: .init(description: "At least input_per_million, output_per_million or per_request")),
            ], core: .init())
    }

    static var schema: JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for key in Schemas.keys(of: RatesBody(PriceRates())) {
            properties[key] = key == "included_tokens"
                ? .integer(
                    required: false, description: "Tokens each request includes in per_request; overage_per_million prices the rest",
                    maximum: (Int(UsageLimits.maximumTokens), exclusive: false), minimum: (0, exclusive: false))
                : .string(required: false, description: "USD, decimal string", maxLength: 40, pattern: #"^\d+(\.\d+)?$"#)
        }
        return .object(
            description: "Token rates are USD per million tokens; per_image, per_audio_second and per_request are USD per unit",
            properties: properties)
    }
}

struct TierBody: Codable, Sendable {
    var name: String
    var inputTokensAbove: Int64?
    var totalTokensAbove: Int64?
    var serviceTier: String?
    var rates: RatesBody

    init(_ tier: PriceTier) {
        name = tier.name
        rates = RatesBody(tier.rates)
        for condition in tier.conditions {
            switch condition {
            case .inputTokensAbove(let threshold): inputTokensAbove = threshold
            case .totalTokensAbove(let threshold): totalTokensAbove = threshold
            case .serviceTier(let value): serviceTier = value
            }
        }
    }

    func tier(index: Int) throws -> PriceTier {
        var conditions: [TierCondition] = []
        if let inputTokensAbove { conditions.append(.inputTokensAbove(inputTokensAbove)) }
        if let totalTokensAbove { conditions.append(.totalTokensAbove(totalTokensAbove)) }
        if let serviceTier { conditions.append(.serviceTier(serviceTier)) }
        guard !conditions.isEmpty else {
            throw LedgerError.validation([FieldIssue(
                field: "tiers[\(index)]", message: "needs input_tokens_above, total_tokens_above or service_tier")])
        }
        return PriceTier(name: name, conditions: conditions, rates: try rates.rates(field: "tiers[\(index)].rates."))
    }

    static var schema: JSONSchema {
        .all(
            of: [
                .object(properties: [
                    "name": .string,
                    "input_tokens_above": .integer(required: false, description: "Whole request at these rates when total input exceeds this"),
                    "total_tokens_above": .integer(
                        required: false, description: "Whole request at these rates when all its tokens, input and output, exceed this"),
                    "service_tier": .string(required: false, description: "e.g. batch, priority, flex"),
                    "rates": RatesBody.schema,
                ]),
                .any(
                    of: ["input_tokens_above", "total_tokens_above"].map { .object(properties: [$0: .integer]) }
                        + [.object(properties: ["service_tier": .string])],
                    core: .init(description: "A tier names at least one condition")),
            ], core: .init())
    }
}

public struct PriceDefinitionBody: APISchema, APIOutput {
    var id: PriceDefinitionID
    var scope: String
    var provider: String
    var model: String
    var effectiveFrom: Date
    var effectiveTo: Date?
    var currency = "USD"
    var rates: RatesBody
    var tiers: [TierBody]

    init(_ definition: PriceDefinition) {
        id = definition.id
        scope = definition.orgID == nil ? "global" : "organization"
        provider = definition.provider
        model = definition.model
        effectiveFrom = definition.effectiveFrom
        effectiveTo = definition.effectiveTo
        rates = RatesBody(definition.rates)
        tiers = definition.tiers.map(TierBody.init)
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "id": Schemas.uuid, "scope": .string(allowedValues: "global", "organization"), "provider": .string,
            "model": .string, "effective_from": Schemas.dateTime, "effective_to": Schemas.optionalDateTime,
            "currency": .string(allowedValues: "USD"), "rates": RatesBody.schema, "tiers": .array(items: TierBody.schema),
        ])
    }

    public static var samples: [Self] { [sample] }
    static let sample = PriceDefinitionBody(PriceDefinition(
        id: PriceDefinitionID("3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")!, orgID: nil, provider: "anthropic", model: "claude-sonnet-4",
        effectiveFrom: Date(timeIntervalSince1970: 0), effectiveTo: nil,
        rates: PriceRates(inputPerMillion: 3, cacheReadPerMillion: Decimal(string: "0.3"), cacheWrite5mPerMillion: Decimal(string: "3.75"),
                          outputPerMillion: 15),
        tiers: [PriceTier(name: "above_200k", conditions: [.inputTokensAbove(200_000)], rates: PriceRates(inputPerMillion: 6, outputPerMillion: Decimal(string: "22.5")))]))
}

/// An organization's own price: POST to create, PUT to replace.
public struct PriceDefinitionRequest: APISchema, APIInput {
    var provider: String
    var model: String
    var effectiveFrom: Date?
    var effectiveTo: Date?
    var rates: RatesBody
    var tiers: [TierBody]?

    func definition(id: PriceDefinitionID) throws -> PriceDefinition {
        PriceDefinition(
            id: id, orgID: nil, provider: provider, model: model, effectiveFrom: effectiveFrom ?? Date(timeIntervalSince1970: 0),
            effectiveTo: effectiveTo, rates: try rates.rates(field: "rates."),
            tiers: try (tiers ?? []).enumerated().map { try $0.element.tier(index: $0.offset) })
    }

    public static var schema: JSONSchema {
        .object(properties: [
            "provider": .string, "model": .string(description: "Exact model name; dated variants and provider/ prefixes resolve to it"),
            "effective_from": .string(format: .dateTime, required: false, description: "Default: the epoch (prices all history)"),
            "effective_to": Schemas.optionalDateTime, "rates": RatesBody.definitionSchema,
            "tiers": .array(required: false, items: TierBody.schema),
        ])
    }
    public static let samples = [
        PriceDefinitionRequest(
            provider: "openai", model: "gpt-4o", effectiveFrom: Date(timeIntervalSince1970: 1_790_000_000), effectiveTo: nil,
            rates: RatesBody(PriceRates(inputPerMillion: 2, outputPerMillion: 8)), tiers: nil)
    ]
}
