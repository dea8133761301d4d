-- Request-rate limits and monthly event quotas, shared by every replica without a write per
-- request: a replica leases tokens in chunks and spends them locally (LedgerServices'
-- RateLimiter), so these tables see one statement per chunk.

-- GCRA buckets: `tat_us` is the bucket's theoretical arrival time (microseconds since the
-- epoch). Unlogged: a crash forgets the buckets, which then start full, and in exchange a
-- lease commits without waiting for the disk.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket text PRIMARY KEY,
    tat_us bigint NOT NULL
);

-- Leases up to `wants[i]` tokens of each bucket (rate: one token per `intervals_us[i]`,
-- burst `bursts[i]`), locking the buckets in name order so concurrent leases never deadlock.
-- Answers each bucket's grant, its arrival time after the grant and the time of the lease.
CREATE FUNCTION tokenledger_lease_tokens(buckets text[], wants integer[], intervals_us bigint[], bursts integer[])
RETURNS TABLE (bucket text, granted integer, tat_us bigint, now_us bigint)
LANGUAGE plpgsql AS $$
DECLARE
    i integer;
    current_us bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
    arrival bigint;
    available bigint;
BEGIN
    FOR i IN SELECT s.i FROM generate_subscripts(buckets, 1) AS s(i) ORDER BY buckets[s.i] LOOP
        INSERT INTO rate_limit_buckets AS b (bucket, tat_us) VALUES (buckets[i], current_us)
        ON CONFLICT ON CONSTRAINT rate_limit_buckets_pkey DO NOTHING;
        SELECT greatest(b.tat_us, current_us) INTO arrival FROM rate_limit_buckets b WHERE b.bucket = buckets[i] FOR UPDATE;
        available := greatest(0, (current_us + bursts[i]::bigint * intervals_us[i] - arrival) / intervals_us[i]);
        bucket := buckets[i];
        granted := least(wants[i]::bigint, available)::integer;
        tat_us := arrival + granted::bigint * intervals_us[i];
        now_us := current_us;
        UPDATE rate_limit_buckets b SET tat_us = tokenledger_lease_tokens.tat_us WHERE b.bucket = buckets[i];
        RETURN NEXT;
    END LOOP;
END
$$;

-- Events counted against an organization's monthly quota (UTC calendar months), leased in
-- chunks like the buckets' tokens. Logged: a crash must not hand a month's quota out again.
CREATE TABLE usage_quota_counters (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    month date NOT NULL,
    leased bigint NOT NULL CHECK (leased >= 0),
    PRIMARY KEY (org_id, month)
);

-- Takes up to `wanted` events of `quota` for the month, all or nothing when `whole` (a batch
-- is admitted entirely or refused). Answers the grant and the month's count after it.
CREATE FUNCTION tokenledger_lease_quota(org uuid, month_start date, wanted bigint, needed bigint, quota bigint)
RETURNS TABLE (granted bigint, leased bigint)
LANGUAGE plpgsql AS $$
DECLARE
    current bigint;
BEGIN
    INSERT INTO usage_quota_counters AS c (org_id, month, leased) VALUES (org, month_start, 0)
    ON CONFLICT ON CONSTRAINT usage_quota_counters_pkey DO NOTHING;
    SELECT c.leased INTO current FROM usage_quota_counters c WHERE c.org_id = org AND c.month = month_start FOR UPDATE;
    granted := least(wanted, greatest(0, quota - current));
    IF granted < needed THEN
        granted := 0;
    END IF;
    leased := current + granted;
    UPDATE usage_quota_counters c SET leased = tokenledger_lease_quota.leased WHERE c.org_id = org AND c.month = month_start;
    RETURN NEXT;
END
$$;

-- A platform operator's limits for one organization; a null column keeps the plan's value.
CREATE TABLE organization_limits (
    org_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    requests_per_minute integer CHECK (requests_per_minute > 0),
    burst integer CHECK (burst > 0),
    caller_requests_per_minute integer CHECK (caller_requests_per_minute > 0),
    caller_burst integer CHECK (caller_burst > 0),
    events_per_month bigint CHECK (events_per_month > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Not tenant data: only the main pool reads and writes these.
REVOKE ALL ON rate_limit_buckets, usage_quota_counters, organization_limits FROM tokenledger_tenant;
