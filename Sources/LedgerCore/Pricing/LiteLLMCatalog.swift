public import Foundation

/// One model's prices as a catalog file states them.
public struct CatalogEntry: Sendable, Equatable {
    public var provider: String
    public var model: String
    public var rates: PriceRates
    public var tiers: [PriceTier]

    public init(provider: String, model: String, rates: PriceRates, tiers: [PriceTier]) {
        self.provider = provider
        self.model = model
        self.rates = rates
        self.tiers = tiers
    }
}

/// Reads the widely used `model_prices_and_context_window.json` format: USD per single unit
/// (`input_cost_per_token`, `cache_read_input_token_cost`, `*_above_200k_tokens`, `*_batches`
/// …). Numbers are decoded as `Decimal` straight from their JSON text, never through a
/// binary float, and scaled to USD per million tokens.
public enum LiteLLMCatalog {
    public static func entries(from data: Data) throws -> [CatalogEntry] {
        let raw = try JSONDecoder().decode([String: RawEntry].self, from: data)
        // `sample_spec` documents the fields; it prices nothing.
        return raw.compactMap { name, entry in name == "sample_spec" ? nil : entry.catalogEntry(named: name) }.sorted { ($0.provider, $0.model) < ($1.provider, $1.model) }
    }

    /// Provider names as TokenLedger reports them.
    static let providers: [String: String] = [
        "openai": "openai", "text-completion-openai": "openai", "azure": "azure", "anthropic": "anthropic",
        "gemini": "google", "vertex_ai-language-models": "google", "mistral": "mistral", "deepseek": "deepseek",
        "xai": "xai", "cohere": "cohere", "cohere_chat": "cohere", "meta_llama": "meta", "meta": "meta",
        "bedrock": "aws-bedrock", "bedrock_converse": "aws-bedrock", "groq": "groq", "together_ai": "together",
        "fireworks_ai": "fireworks",
    ]

    static func provider(_ litellm: String) -> String { providers[litellm] ?? litellm }

    /// `gemini/gemini-1.5-pro` → `gemini-1.5-pro`: the provider is a column of its own.
    static func model(_ key: String) -> String {
        guard let slash = key.firstIndex(of: "/") else { return key }
        return String(key[key.index(after: slash)...])
    }

    struct RawEntry: Decodable {
        var fields: [String: Decimal] = [:]
        var provider: String?

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            for key in container.allKeys {
                if key.stringValue == "litellm_provider" {
                    provider = try? container.decode(String.self, forKey: key)
                } else if key.stringValue.contains("cost"), let value = try? container.decode(Decimal.self, forKey: key) {
                    fields[key.stringValue] = value
                }
            }
        }

        func perMillion(_ name: String) -> Decimal? { fields[name].map { $0 * 1_000_000 } }

        func rates(suffix: String) -> PriceRates {
            PriceRates(
                inputPerMillion: perMillion("input_cost_per_token" + suffix),
                cacheReadPerMillion: perMillion("cache_read_input_token_cost" + suffix),
                cacheWrite5mPerMillion: perMillion("cache_creation_input_token_cost" + suffix),
                cacheWrite1hPerMillion: suffix.isEmpty ? perMillion("cache_creation_input_token_cost_above_1hr") : nil,
                outputPerMillion: perMillion("output_cost_per_token" + suffix),
                reasoningPerMillion: suffix.isEmpty ? perMillion("output_cost_per_reasoning_token") : nil,
                perImage: suffix.isEmpty ? fields["output_cost_per_image"] : nil,
                perAudioSecond: suffix.isEmpty ? fields["input_cost_per_second"] : nil,
                perRequest: suffix.isEmpty ? fields["input_cost_per_query"] : nil)
        }

        func catalogEntry(named name: String) -> CatalogEntry? {
            guard let provider, fields["input_cost_per_token"] != nil || fields["output_cost_per_token"] != nil else {
                return nil
            }
            var tiers: [PriceTier] = []
            // Long-context thresholds, larger first so the highest that applies wins.
            let thresholds = fields.keys.compactMap { key -> Int64? in
                guard let match = key.firstMatch(of: /_above_(\d+)k_tokens$/) else { return nil }
                return Int64(match.1).map { $0 * 1000 }
            }
            for threshold in Set(thresholds).sorted(by: >) {
                let rates = self.rates(suffix: "_above_\(threshold / 1000)k_tokens")
                if rates != PriceRates() {
                    tiers.append(PriceTier(name: "above_\(threshold / 1000)k", conditions: [.inputTokensAbove(threshold)], rates: rates))
                }
            }
            for (suffix, tier) in [("_batches", "batch"), ("_priority", "priority"), ("_flex", "flex")] {
                let rates = self.rates(suffix: suffix)
                if rates != PriceRates() {
                    tiers.append(PriceTier(name: tier, conditions: [.serviceTier(tier)], rates: rates))
                }
            }
            return CatalogEntry(
                provider: LiteLLMCatalog.provider(provider), model: LiteLLMCatalog.model(name), rates: rates(suffix: ""),
                tiers: tiers)
        }
    }
}

/// The names a reported model may be priced under, most specific first: as given, without a
/// `provider/` prefix, and without a date suffix (`-2024-08-06`, `-20240620`, `@20240620`).
public func priceLookupCandidates(for model: String) -> [String] {
    var candidates = [model]
    let bare = LiteLLMCatalog.model(model)
    candidates.append(bare)
    if let dated = bare.firstMatch(of: datedModel) {
        candidates.append(String(dated.1))
    }
    var seen = Set<String>()
    return candidates.filter { seen.insert($0).inserted }
}

/// Made once: a literal in the function body is compiled again on every call (every ingest).
private nonisolated(unsafe) let datedModel = /^(.+?)(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8})$/
