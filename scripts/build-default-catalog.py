#!/usr/bin/env python3
"""Builds the shipped default price catalog from the LiteLLM catalog in ../shared/data:
the chat, completion, responses and embedding models of the major providers, in the same
(LiteLLM) format, with every number kept exactly as written (never through a float).

    scripts/build-default-catalog.py ../shared/data/model_prices_and_context_window.json
"""

import decimal
import json
import sys

PROVIDERS = {
    "openai", "text-completion-openai", "anthropic", "gemini", "mistral", "deepseek", "xai",
    "cohere", "cohere_chat", "meta_llama", "meta",
}
MODES = {"chat", "completion", "responses", "embedding"}
OUTPUT = "Sources/LedgerServices/Pricing/Resources/default-prices.json"


def dump(value, indent=""):
    if isinstance(value, decimal.Decimal):
        return format(value, "f") if value == value.to_integral_value() or abs(value) >= 1 else str(value)
    if isinstance(value, dict):
        inner = indent + "  "
        items = [f'{inner}{json.dumps(k)}: {dump(v, inner)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(dump(v, indent) for v in value) + "]"
    return json.dumps(value)


def main(path):
    with open(path) as f:
        catalog = json.load(f, parse_float=decimal.Decimal)
    chosen = {
        name: entry for name, entry in sorted(catalog.items())
        if name != "sample_spec" and entry.get("litellm_provider") in PROVIDERS and entry.get("mode") in MODES
        and ("input_cost_per_token" in entry or "output_cost_per_token" in entry)
    }
    with open(OUTPUT, "w") as f:
        f.write(dump(chosen) + "\n")
    print(f"{len(chosen)} models written to {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
