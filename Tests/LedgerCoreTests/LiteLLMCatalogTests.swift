import Foundation
import LedgerCore
import Testing

@Suite struct LiteLLMCatalogTests {
    static let file = Data("""
        {
          "sample_spec": {"input_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers"},
          "gemini/gemini-2.5-pro": {
            "litellm_provider": "gemini", "mode": "chat",
            "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
            "input_cost_per_token_above_200k_tokens": 2.5e-06, "output_cost_per_token_above_200k_tokens": 1.5e-05,
            "cache_read_input_token_cost": 3.125e-07
          },
          "claude-sonnet-4-6": {
            "litellm_provider": "anthropic", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
            "cache_creation_input_token_cost": 3.75e-06, "cache_creation_input_token_cost_above_1hr": 6e-06,
            "input_cost_per_token_batches": 1.5e-06, "output_cost_per_token_batches": 7.5e-06
          },
          "dall-e-3": {"litellm_provider": "openai", "output_cost_per_image": 0.04}
        }
        """.utf8)

    @Test func readsRatesExactlyPerMillionWithTiers() throws {
        let entries = try LiteLLMCatalog.entries(from: Self.file)
        #expect(entries.map(\.model) == ["claude-sonnet-4-6", "gemini-2.5-pro"], "sample_spec and unpriced entries are skipped")
        let gemini = try #require(entries.first { $0.provider == "google" })
        #expect(gemini.rates.inputPerMillion == Decimal(string: "1.25"))
        #expect(gemini.rates.cacheReadPerMillion == Decimal(string: "0.3125"))
        #expect(gemini.tiers.map(\.name) == ["above_200k"])
        #expect(gemini.tiers[0].conditions == [.inputTokensAbove(200_000)])
        let claude = try #require(entries.first { $0.provider == "anthropic" })
        #expect(claude.rates.cacheWrite1hPerMillion == 6)
        #expect(claude.tiers.first?.conditions == [.serviceTier("batch")])
        #expect(claude.tiers.first?.rates.outputPerMillion == Decimal(string: "7.5"))
    }

    @Test func lookupCandidatesStripPrefixesAndDates() {
        #expect(priceLookupCandidates(for: "openai/gpt-4o-2024-08-06") == ["openai/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o"])
        #expect(priceLookupCandidates(for: "claude-sonnet-4-6-20260301") == ["claude-sonnet-4-6-20260301", "claude-sonnet-4-6"])
        #expect(priceLookupCandidates(for: "gpt-4o") == ["gpt-4o"])
    }
}
