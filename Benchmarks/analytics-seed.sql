-- Adds :count usage events to organization :'org', spread over the 30 days before now, and
-- rebuilds the organization's rollups from its events (the statements Migrations/0007 and 0008 use).
-- Shape: 4 providers × 8 models, 4 endpoints, 3 projects, 2 API keys, 50 end-user tags, 2% errors.
\set ON_ERROR_STOP on
INSERT INTO usage_events (org_id, occurred_at, id, provider, model, endpoint, project, end_user, api_key_id,
    input_uncached, cache_read, output, latency_ms, status, error_type, priced, cost_input_uncached, cost_output, cost_total)
SELECT :'org', now() - interval '30 days' * ((g * 7919 + :seed) % 1000003) / 1000003.0, gen_random_uuid(),
    (ARRAY['openai', 'anthropic', 'google', 'mistral'])[m % 4 + 1],
    (ARRAY['gpt-4o', 'claude-sonnet-4-6', 'gemini-2.5-pro', 'mistral-large', 'gpt-4o-mini', 'claude-haiku-4-5',
           'gemini-2.5-flash', 'mistral-small'])[m + 1],
    (ARRAY['chat', 'search', 'summarize', 'classify'])[g % 4 + 1], (ARRAY['web', 'mobile', 'batch'])[g % 3 + 1],
    'user-' || (g * 31 % 50), CASE WHEN g % 2 = 0 THEN :'key'::uuid END,
    input, input / 4, output, 200 + (g * 37 % 4000), CASE WHEN g % 50 = 0 THEN 'error' ELSE 'success' END,
    CASE WHEN g % 50 = 0 THEN 'rate_limit' END, true, input * 2500, output * 10000, input * 2500 + output * 10000
FROM generate_series(1::bigint, :count) AS g,
     LATERAL (SELECT (g * 13 % 8) AS m, 200 + (g * 101 % 3000) AS input, 20 + (g * 53 % 800) AS output) AS shape;

DELETE FROM usage_rollups_hourly WHERE org_id = :'org';
INSERT INTO usage_rollups_hourly (org_id, hour, provider, model, endpoint, project, api_key_id, end_user, status,
    requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos,
    latency_sum_ms, latency_count, cost_reported_nanos,
    latency_le_10, latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300, latency_le_500,
    latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000, latency_le_3000, latency_le_5000, latency_le_7500,
    latency_le_10000, latency_le_15000, latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000,
    latency_gt_120000)
SELECT org_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', provider, model,
    COALESCE(endpoint, ''), COALESCE(project, ''), COALESCE(api_key_id, '00000000-0000-0000-0000-000000000000'),
    COALESCE(end_user, ''), status,
    sum(requests), count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE NOT priced),
    sum(input_uncached), sum(cache_read), sum(cache_write_5m + cache_write_1h), sum(output), sum(reasoning),
    sum(cost_total), COALESCE(sum(latency_ms), 0), count(latency_ms), sum(COALESCE(reported_cost_nanos, cost_total)),
    count(*) FILTER (WHERE latency_ms <= 10), count(*) FILTER (WHERE latency_ms > 10 AND latency_ms <= 25),
    count(*) FILTER (WHERE latency_ms > 25 AND latency_ms <= 50), count(*) FILTER (WHERE latency_ms > 50 AND latency_ms <= 100),
    count(*) FILTER (WHERE latency_ms > 100 AND latency_ms <= 200), count(*) FILTER (WHERE latency_ms > 200 AND latency_ms <= 300),
    count(*) FILTER (WHERE latency_ms > 300 AND latency_ms <= 500), count(*) FILTER (WHERE latency_ms > 500 AND latency_ms <= 750),
    count(*) FILTER (WHERE latency_ms > 750 AND latency_ms <= 1000), count(*) FILTER (WHERE latency_ms > 1000 AND latency_ms <= 1500),
    count(*) FILTER (WHERE latency_ms > 1500 AND latency_ms <= 2000), count(*) FILTER (WHERE latency_ms > 2000 AND latency_ms <= 3000),
    count(*) FILTER (WHERE latency_ms > 3000 AND latency_ms <= 5000), count(*) FILTER (WHERE latency_ms > 5000 AND latency_ms <= 7500),
    count(*) FILTER (WHERE latency_ms > 7500 AND latency_ms <= 10000), count(*) FILTER (WHERE latency_ms > 10000 AND latency_ms <= 15000),
    count(*) FILTER (WHERE latency_ms > 15000 AND latency_ms <= 20000), count(*) FILTER (WHERE latency_ms > 20000 AND latency_ms <= 30000),
    count(*) FILTER (WHERE latency_ms > 30000 AND latency_ms <= 60000), count(*) FILTER (WHERE latency_ms > 60000 AND latency_ms <= 120000),
    count(*) FILTER (WHERE latency_ms > 120000)
FROM usage_events WHERE org_id = :'org'
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
DELETE FROM usage_rollups_by_dimension WHERE org_id = :'org';
INSERT INTO usage_rollups_by_dimension (org_id, dimension, hour, value, requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos, cost_reported_nanos, latency_sum_ms, latency_count, latency_le_10, latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300, latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000, latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000, latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
SELECT r.org_id, d.dimension, r.hour, d.value, sum(requests), sum(errors), sum(unpriced), sum(input_uncached), sum(cache_read), sum(cache_write), sum(output), sum(reasoning), sum(cost_nanos), sum(cost_reported_nanos), sum(latency_sum_ms), sum(latency_count), sum(latency_le_10), sum(latency_le_25), sum(latency_le_50), sum(latency_le_100), sum(latency_le_200), sum(latency_le_300), sum(latency_le_500), sum(latency_le_750), sum(latency_le_1000), sum(latency_le_1500), sum(latency_le_2000), sum(latency_le_3000), sum(latency_le_5000), sum(latency_le_7500), sum(latency_le_10000), sum(latency_le_15000), sum(latency_le_20000), sum(latency_le_30000), sum(latency_le_60000), sum(latency_le_120000), sum(latency_gt_120000)
FROM usage_rollups_hourly r
CROSS JOIN LATERAL (VALUES ('', ''), ('provider', r.provider), ('model', r.model), ('endpoint', r.endpoint),
    ('project', r.project), ('api_key', r.api_key_id::text), ('user', r.end_user), ('status', r.status)) AS d (dimension, value)
WHERE r.org_id = :'org'
GROUP BY r.org_id, d.dimension, r.hour, d.value;
DELETE FROM usage_rollups_by_dimension_daily WHERE org_id = :'org';
INSERT INTO usage_rollups_by_dimension_daily (org_id, dimension, day, value, requests, errors, unpriced, input_uncached, cache_read, cache_write, output, reasoning, cost_nanos, cost_reported_nanos, latency_sum_ms, latency_count, latency_le_10, latency_le_25, latency_le_50, latency_le_100, latency_le_200, latency_le_300, latency_le_500, latency_le_750, latency_le_1000, latency_le_1500, latency_le_2000, latency_le_3000, latency_le_5000, latency_le_7500, latency_le_10000, latency_le_15000, latency_le_20000, latency_le_30000, latency_le_60000, latency_le_120000, latency_gt_120000)
SELECT org_id, dimension, date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', value, sum(requests), sum(errors), sum(unpriced), sum(input_uncached), sum(cache_read), sum(cache_write), sum(output), sum(reasoning), sum(cost_nanos), sum(cost_reported_nanos), sum(latency_sum_ms), sum(latency_count), sum(latency_le_10), sum(latency_le_25), sum(latency_le_50), sum(latency_le_100), sum(latency_le_200), sum(latency_le_300), sum(latency_le_500), sum(latency_le_750), sum(latency_le_1000), sum(latency_le_1500), sum(latency_le_2000), sum(latency_le_3000), sum(latency_le_5000), sum(latency_le_7500), sum(latency_le_10000), sum(latency_le_15000), sum(latency_le_20000), sum(latency_le_30000), sum(latency_le_60000), sum(latency_le_120000), sum(latency_gt_120000)
FROM usage_rollups_by_dimension WHERE org_id = :'org'
GROUP BY 1, 2, 3, 4;
ANALYZE usage_events;
ANALYZE usage_rollups_hourly;
ANALYZE usage_rollups_by_dimension;
ANALYZE usage_rollups_by_dimension_daily;
SELECT (SELECT count(*) FROM usage_events WHERE org_id = :'org') AS events,
       (SELECT count(*) FROM usage_rollups_hourly WHERE org_id = :'org') AS rollup_rows,
       (SELECT count(*) FROM usage_rollups_by_dimension WHERE org_id = :'org') AS dimension_rows;
