-- Rollups learn the end-user tag and the status (both now group and filter analytics), the
-- cost with the client's reported cost in place of the computed one (for organizations that
-- bill by what their provider reported), and a latency histogram in fixed buckets (the
-- bounds are LatencyHistogram.upperBoundsMs) from which percentiles are estimated.
-- The rollups are then rebuilt from the raw events, which are the truth.

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
ALTER TABLE usage_rollup_queue
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

TRUNCATE usage_rollups_hourly, usage_rollup_queue;

INSERT INTO usage_rollups_hourly (org_id, hour, provider, model, endpoint, project, api_key_id, end_user, status,
    requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos,
    latency_sum_ms, latency_count, cost_reported_nanos,
    latency_le_10, latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300, latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000, latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000, latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
SELECT org_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', provider, model,
    COALESCE(endpoint, ''), COALESCE(project, ''), COALESCE(api_key_id, '00000000-0000-0000-0000-000000000000'),
    COALESCE(end_user, ''), status,
    sum(requests), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE NOT priced),
    sum(input_uncached), sum(cache_read), sum(cache_write_5m + cache_write_1h), sum(output), sum(reasoning),
    sum(cost_total), COALESCE(sum(latency_ms), 0), count(latency_ms), sum(COALESCE(reported_cost_nanos, cost_total)),
    count(*) FILTER (WHERE latency_ms <= 10),
    count(*) FILTER (WHERE latency_ms > 10 AND latency_ms <= 25),
    count(*) FILTER (WHERE latency_ms > 25 AND latency_ms <= 50),
    count(*) FILTER (WHERE latency_ms > 50 AND latency_ms <= 100),
    count(*) FILTER (WHERE latency_ms > 100 AND latency_ms <= 200),
    count(*) FILTER (WHERE latency_ms > 200 AND latency_ms <= 300),
    count(*) FILTER (WHERE latency_ms > 300 AND latency_ms <= 500),
    count(*) FILTER (WHERE latency_ms > 500 AND latency_ms <= 750),
    count(*) FILTER (WHERE latency_ms > 750 AND latency_ms <= 1000),
    count(*) FILTER (WHERE latency_ms > 1000 AND latency_ms <= 1500),
    count(*) FILTER (WHERE latency_ms > 1500 AND latency_ms <= 2000),
    count(*) FILTER (WHERE latency_ms > 2000 AND latency_ms <= 3000),
    count(*) FILTER (WHERE latency_ms > 3000 AND latency_ms <= 5000),
    count(*) FILTER (WHERE latency_ms > 5000 AND latency_ms <= 7500),
    count(*) FILTER (WHERE latency_ms > 7500 AND latency_ms <= 10000),
    count(*) FILTER (WHERE latency_ms > 10000 AND latency_ms <= 15000),
    count(*) FILTER (WHERE latency_ms > 15000 AND latency_ms <= 20000),
    count(*) FILTER (WHERE latency_ms > 20000 AND latency_ms <= 30000),
    count(*) FILTER (WHERE latency_ms > 30000 AND latency_ms <= 60000),
    count(*) FILTER (WHERE latency_ms > 60000 AND latency_ms <= 120000),
    count(*) FILTER (WHERE latency_ms > 120000)
FROM usage_events
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
