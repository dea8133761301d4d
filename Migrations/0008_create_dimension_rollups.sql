-- One rollup per single dimension: for each organization, hour and dimension (provider,
-- model, endpoint, project, api_key, user, status, or '' for the organization's total), a row
-- per value. The full rollup key multiplies the dimensions, so at millions of events it holds
-- nearly a row per event; the common questions (totals, a trend, one group_by, no filter)
-- read this table instead, whose size is hours × values, whatever the event count.
-- A daily copy (UTC days) answers the whole days of a long window, the hourly one its edges.
-- The aggregator folds each queued delta into all three tables in one statement.

CREATE TABLE usage_rollups_by_dimension (
    org_id uuid NOT NULL,
    dimension text NOT NULL,
    hour timestamptz NOT NULL,
    value text NOT NULL,
    requests bigint NOT NULL DEFAULT 0,
    errors bigint NOT NULL DEFAULT 0,
    unpriced bigint NOT NULL DEFAULT 0,
    input_uncached bigint NOT NULL DEFAULT 0,
    cache_read bigint NOT NULL DEFAULT 0,
    cache_write bigint NOT NULL DEFAULT 0,
    output bigint NOT NULL DEFAULT 0,
    reasoning bigint NOT NULL DEFAULT 0,
    cost_nanos bigint NOT NULL DEFAULT 0,
    cost_reported_nanos bigint NOT NULL DEFAULT 0,
    latency_sum_ms bigint NOT NULL DEFAULT 0,
    latency_count bigint NOT NULL DEFAULT 0,
    latency_le_10 bigint NOT NULL DEFAULT 0,
    latency_le_25 bigint NOT NULL DEFAULT 0,
    latency_le_50 bigint NOT NULL DEFAULT 0,
    latency_le_100 bigint NOT NULL DEFAULT 0,
    latency_le_200 bigint NOT NULL DEFAULT 0,
    latency_le_300 bigint NOT NULL DEFAULT 0,
    latency_le_500 bigint NOT NULL DEFAULT 0,
    latency_le_750 bigint NOT NULL DEFAULT 0,
    latency_le_1000 bigint NOT NULL DEFAULT 0,
    latency_le_1500 bigint NOT NULL DEFAULT 0,
    latency_le_2000 bigint NOT NULL DEFAULT 0,
    latency_le_3000 bigint NOT NULL DEFAULT 0,
    latency_le_5000 bigint NOT NULL DEFAULT 0,
    latency_le_7500 bigint NOT NULL DEFAULT 0,
    latency_le_10000 bigint NOT NULL DEFAULT 0,
    latency_le_15000 bigint NOT NULL DEFAULT 0,
    latency_le_20000 bigint NOT NULL DEFAULT 0,
    latency_le_30000 bigint NOT NULL DEFAULT 0,
    latency_le_60000 bigint NOT NULL DEFAULT 0,
    latency_le_120000 bigint NOT NULL DEFAULT 0,
    latency_gt_120000 bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, dimension, hour, value)
);

CREATE TABLE usage_rollups_by_dimension_daily (LIKE usage_rollups_by_dimension INCLUDING DEFAULTS);
ALTER TABLE usage_rollups_by_dimension_daily RENAME COLUMN hour TO day;
ALTER TABLE usage_rollups_by_dimension_daily ADD PRIMARY KEY (org_id, dimension, day, value);

ALTER TABLE usage_rollups_by_dimension ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollups_by_dimension FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_rollups_by_dimension
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));
ALTER TABLE usage_rollups_by_dimension_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_rollups_by_dimension_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_rollups_by_dimension_daily
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

-- Recomputes an organization's rollups from its raw events, which are the truth; queued
-- deltas are dropped, since the events they came from are already counted. The queue is
-- locked against appends meanwhile, so an ingest that commits during the rebuild appends
-- its deltas after it. For operators: `SELECT usage_rollups_rebuild('<org id>')`.
CREATE FUNCTION usage_rollups_rebuild(organization uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE usage_rollup_queue IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM usage_rollup_queue WHERE org_id = organization;
    DELETE FROM usage_rollups_hourly WHERE org_id = organization;
    DELETE FROM usage_rollups_by_dimension WHERE org_id = organization;
    DELETE FROM usage_rollups_by_dimension_daily WHERE org_id = organization;

    INSERT INTO usage_rollups_hourly (org_id, hour, provider, model, endpoint, project, api_key_id, end_user, status,
        requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning,
        cost_nanos, cost_reported_nanos, latency_sum_ms, latency_count, latency_le_10,
        latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300,
        latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000,
        latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000,
        latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
    SELECT org_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', provider, model,
        COALESCE(endpoint, ''), COALESCE(project, ''), COALESCE(api_key_id, '00000000-0000-0000-0000-000000000000'),
        COALESCE(end_user, ''), status,
        sum(requests), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE NOT priced),
        sum(input_uncached), sum(cache_read), sum(cache_write_5m + cache_write_1h), sum(output), sum(reasoning),
        sum(cost_total), sum(COALESCE(reported_cost_nanos, cost_total)), COALESCE(sum(latency_ms), 0), count(latency_ms),
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
    FROM usage_events WHERE org_id = organization
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

    INSERT INTO usage_rollups_by_dimension (org_id, dimension, hour, value,
        requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning,
        cost_nanos, cost_reported_nanos, latency_sum_ms, latency_count, latency_le_10,
        latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300,
        latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000,
        latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000,
        latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
    SELECT r.org_id, d.dimension, r.hour, d.value,
        sum(requests), sum(errors), sum(unpriced), sum(input_uncached), sum(cache_read),
        sum(cache_write), sum(output), sum(reasoning), sum(cost_nanos), sum(cost_reported_nanos),
        sum(latency_sum_ms), sum(latency_count), sum(latency_le_10), sum(latency_le_25),
        sum(latency_le_50), sum(latency_le_100), sum(latency_le_200), sum(latency_le_300),
        sum(latency_le_500), sum(latency_le_750), sum(latency_le_1000), sum(latency_le_1500),
        sum(latency_le_2000), sum(latency_le_3000), sum(latency_le_5000), sum(latency_le_7500),
        sum(latency_le_10000), sum(latency_le_15000), sum(latency_le_20000), sum(latency_le_30000),
        sum(latency_le_60000), sum(latency_le_120000), sum(latency_gt_120000)
    FROM usage_rollups_hourly r
    CROSS JOIN LATERAL (VALUES ('', ''), ('provider', r.provider), ('model', r.model), ('endpoint', r.endpoint),
        ('project', r.project), ('api_key', r.api_key_id::text), ('user', r.end_user), ('status', r.status))
        AS d (dimension, value)
    WHERE r.org_id = organization
    GROUP BY r.org_id, d.dimension, r.hour, d.value;

    INSERT INTO usage_rollups_by_dimension_daily (org_id, dimension, day, value,
        requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning,
        cost_nanos, cost_reported_nanos, latency_sum_ms, latency_count, latency_le_10,
        latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300,
        latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000,
        latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000,
        latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
    SELECT org_id, dimension, date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', value,
        sum(requests), sum(errors), sum(unpriced), sum(input_uncached), sum(cache_read),
        sum(cache_write), sum(output), sum(reasoning), sum(cost_nanos), sum(cost_reported_nanos),
        sum(latency_sum_ms), sum(latency_count), sum(latency_le_10), sum(latency_le_25),
        sum(latency_le_50), sum(latency_le_100), sum(latency_le_200), sum(latency_le_300),
        sum(latency_le_500), sum(latency_le_750), sum(latency_le_1000), sum(latency_le_1500),
        sum(latency_le_2000), sum(latency_le_3000), sum(latency_le_5000), sum(latency_le_7500),
        sum(latency_le_10000), sum(latency_le_15000), sum(latency_le_20000), sum(latency_le_30000),
        sum(latency_le_60000), sum(latency_le_120000), sum(latency_gt_120000)
    FROM usage_rollups_by_dimension WHERE org_id = organization
    GROUP BY 1, 2, 3, 4;
END
$$;

SELECT usage_rollups_rebuild(id) FROM organizations;
