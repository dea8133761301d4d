-- Hourly rollups for analytics, maintained append-then-aggregate: each ingest (and each
-- later correction) appends its deltas to usage_rollup_queue — no shared row is updated per
-- request — and the aggregator folds queued rows into usage_rollups_hourly in batches.
-- Readers take rollups plus whatever is still queued, so totals are exact at any moment.

CREATE TABLE usage_rollups_hourly (
    org_id uuid NOT NULL,
    hour timestamptz NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    endpoint text NOT NULL DEFAULT '',
    project text NOT NULL DEFAULT '',
    api_key_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    requests bigint NOT NULL DEFAULT 0,
    errors bigint NOT NULL DEFAULT 0,
    unpriced bigint NOT NULL DEFAULT 0,
    input_uncached bigint NOT NULL DEFAULT 0,
    cache_read bigint NOT NULL DEFAULT 0,
    cache_write bigint NOT NULL DEFAULT 0,
    output bigint NOT NULL DEFAULT 0,
    reasoning bigint NOT NULL DEFAULT 0,
    cost_nanos bigint NOT NULL DEFAULT 0,
    latency_sum_ms bigint NOT NULL DEFAULT 0,
    latency_count bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, hour, provider, model, endpoint, project, api_key_id)
);

CREATE TABLE usage_rollup_queue (LIKE usage_rollups_hourly INCLUDING DEFAULTS);
CREATE INDEX usage_rollup_queue_org_idx ON usage_rollup_queue (org_id, hour);

ALTER TABLE usage_rollups_hourly ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollups_hourly FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_rollups_hourly
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

ALTER TABLE usage_rollup_queue ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollup_queue FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_rollup_queue
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));
