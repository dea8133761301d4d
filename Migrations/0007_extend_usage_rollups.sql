-- Rollups learn the end-user tag and the status (both now group and filter analytics), the
-- cost with the client's reported cost in place of the computed one (for organizations that
-- bill by what their provider reported), and a latency histogram in fixed buckets (the
-- bounds are LatencyHistogram.upperBoundsMs) from which percentiles are estimated.
-- Their contents are rebuilt from the raw events by the next migration, so the queue is
-- recreated empty, in the new shape.

ALTER TABLE usage_rollups_hourly
    ADD COLUMN end_user text NOT NULL DEFAULT '',
    ADD COLUMN status text NOT NULL DEFAULT 'success',
    ADD COLUMN cost_reported_nanos bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_10 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_25 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_50 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_100 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_200 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_300 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_500 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_750 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_1000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_1500 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_2000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_3000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_5000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_7500 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_10000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_15000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_20000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_30000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_60000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_le_120000 bigint NOT NULL DEFAULT 0,
    ADD COLUMN latency_gt_120000 bigint NOT NULL DEFAULT 0;

ALTER TABLE usage_rollups_hourly DROP CONSTRAINT usage_rollups_hourly_pkey;
ALTER TABLE usage_rollups_hourly
    ADD PRIMARY KEY (org_id, hour, provider, model, endpoint, project, api_key_id, end_user, status);

DROP TABLE usage_rollup_queue;
CREATE TABLE usage_rollup_queue (LIKE usage_rollups_hourly INCLUDING DEFAULTS);
CREATE INDEX usage_rollup_queue_org_idx ON usage_rollup_queue (org_id, hour);
ALTER TABLE usage_rollup_queue ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollup_queue FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_rollup_queue
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));
