-- The usage ledger: one row per LLM call, priced when it arrives (or flagged unpriced),
-- partitioned by month of the call's time. Every key leads with org_id.

CREATE TABLE usage_events (
    org_id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    id uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    provider text NOT NULL,
    model text NOT NULL,
    endpoint text,
    project text,
    end_user text,
    api_key_id uuid,
    service_tier text,
    input_uncached bigint NOT NULL DEFAULT 0 CHECK (input_uncached >= 0),
    cache_read bigint NOT NULL DEFAULT 0 CHECK (cache_read >= 0),
    cache_write_5m bigint NOT NULL DEFAULT 0 CHECK (cache_write_5m >= 0),
    cache_write_1h bigint NOT NULL DEFAULT 0 CHECK (cache_write_1h >= 0),
    output bigint NOT NULL DEFAULT 0 CHECK (output >= 0),
    reasoning bigint NOT NULL DEFAULT 0 CHECK (reasoning >= 0),
    images bigint NOT NULL DEFAULT 0 CHECK (images >= 0),
    audio_seconds bigint NOT NULL DEFAULT 0 CHECK (audio_seconds >= 0),
    requests bigint NOT NULL DEFAULT 1 CHECK (requests >= 0),
    latency_ms integer CHECK (latency_ms >= 0),
    time_to_first_token_ms integer CHECK (time_to_first_token_ms >= 0),
    status text NOT NULL DEFAULT 'success' CHECK (status IN ('success', 'error')),
    error_type text,
    request_id text,
    tags text[] NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
    priced boolean NOT NULL,
    price_definition_id uuid,
    price_tier text,
    cost_input_uncached bigint NOT NULL DEFAULT 0,
    cost_cache_read bigint NOT NULL DEFAULT 0,
    cost_cache_write_5m bigint NOT NULL DEFAULT 0,
    cost_cache_write_1h bigint NOT NULL DEFAULT 0,
    cost_output bigint NOT NULL DEFAULT 0,
    cost_reasoning bigint NOT NULL DEFAULT 0,
    cost_images bigint NOT NULL DEFAULT 0,
    cost_audio bigint NOT NULL DEFAULT 0,
    cost_requests bigint NOT NULL DEFAULT 0,
    cost_total bigint NOT NULL DEFAULT 0,
    reported_cost_nanos bigint,
    PRIMARY KEY (org_id, occurred_at, id)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX usage_events_id_idx ON usage_events (org_id, id);

-- Anything outside the monthly partitions lands here rather than being lost.
CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;

-- Creates the monthly partitions covering [from, to); called by migrate and at start-up.
CREATE FUNCTION usage_events_ensure_partitions(from_time timestamptz, to_time timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month timestamptz := date_trunc('month', from_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    created integer := 0;
    name text;
BEGIN
    WHILE month < to_time LOOP
        name := 'usage_events_' || to_char(month AT TIME ZONE 'UTC', 'YYYY_MM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
                name, month, month + interval '1 month');
            created := created + 1;
        END IF;
        month := month + interval '1 month';
    END LOOP;
    RETURN created;
END;
$$;

SELECT usage_events_ensure_partitions(now() - interval '13 months', now() + interval '3 months');

-- Retried writes: the first result of a key is kept and replayed; the primary key makes
-- concurrent retries race safely.
CREATE TABLE usage_idempotency_keys (
    org_id uuid NOT NULL,
    key text NOT NULL,
    event_id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, key)
);

ALTER TABLE usage_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_events
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

ALTER TABLE usage_idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON usage_idempotency_keys
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

-- Drops the monthly partitions that end before the cutoff (retention); answers how many.
CREATE FUNCTION usage_events_drop_partitions_before(cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    partition record;
    dropped integer := 0;
BEGIN
    FOR partition IN
        SELECT c.relname
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'usage_events'::regclass AND c.relname ~ '^usage_events_\d{4}_\d{2}$'
    LOOP
        IF to_date(substring(partition.relname FROM '(\d{4}_\d{2})$'), 'YYYY_MM')::timestamp + interval '1 month'
            <= cutoff AT TIME ZONE 'UTC' THEN
            EXECUTE format('DROP TABLE %I', partition.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END;
$$;
