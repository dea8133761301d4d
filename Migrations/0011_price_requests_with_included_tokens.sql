-- Per-request prices that include a number of tokens, with an overage rate beyond them
-- (LLM Cost Ops' plans), and the overage as a cost bucket of its own.
ALTER TABLE price_definitions
    ADD COLUMN included_tokens bigint CHECK (included_tokens BETWEEN 0 AND 10000000000),
    ADD COLUMN overage_per_million numeric CHECK (overage_per_million >= 0);
ALTER TABLE usage_events
    ADD COLUMN cost_overage bigint NOT NULL DEFAULT 0 CHECK (cost_overage BETWEEN 0 AND 1000000000000000);
