-- Adds :count usage events to organization :'org', spread over the 30 days before now, and
-- rebuilds the organization's rollups from its events (usage_rollups_rebuild, Migrations/0008).
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

SELECT usage_rollups_rebuild(:'org');
ANALYZE usage_events;
ANALYZE usage_rollups_hourly;
ANALYZE usage_rollups_by_dimension;
ANALYZE usage_rollups_by_dimension_daily;
SELECT (SELECT count(*) FROM usage_events WHERE org_id = :'org') AS events,
       (SELECT count(*) FROM usage_rollups_hourly WHERE org_id = :'org') AS rollup_rows,
       (SELECT count(*) FROM usage_rollups_by_dimension WHERE org_id = :'org') AS dimension_rows;
