-- Alert rules and the history of their firings, and the rounds of jobs that one replica at a
-- time should run. A round takes a transaction-level advisory lock and then claims the round
-- here (`job_rounds`): only one replica runs per interval, and a replica that dies holds
-- nothing. A rule's state and its event change in one transaction.

CREATE TABLE job_rounds (
    name text PRIMARY KEY,
    last_run_at timestamptz NOT NULL
);

CREATE TABLE alert_rules (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    condition text NOT NULL CHECK (condition IN (
        'cost_per_hour', 'cost_per_day', 'avg_latency', 'p95_latency', 'error_rate', 'request_rate', 'token_rate', 'anomaly')),
    comparison text NOT NULL CHECK (comparison IN ('gt', 'gte', 'lt', 'lte')),
    threshold numeric NOT NULL,
    window_minutes integer NOT NULL CHECK (window_minutes BETWEEN 1 AND 10080),
    providers text[] NOT NULL DEFAULT '{}',
    models text[] NOT NULL DEFAULT '{}',
    endpoints text[] NOT NULL DEFAULT '{}',
    projects text[] NOT NULL DEFAULT '{}',
    api_key_ids uuid[] NOT NULL DEFAULT '{}',
    cooldown_minutes integer NOT NULL CHECK (cooldown_minutes BETWEEN 0 AND 10080),
    enabled boolean NOT NULL DEFAULT true,
    state text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing')),
    last_value numeric,
    last_triggered_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

CREATE TABLE alert_events (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    rule_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('triggered', 'resolved')),
    value numeric,
    threshold numeric NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, rule_id) REFERENCES alert_rules (org_id, id) ON DELETE CASCADE
);

CREATE INDEX alert_events_recent_idx ON alert_events (org_id, occurred_at DESC);

CALL tokenledger_tenant_wall('alert_rules', 'org_id');
CALL tokenledger_tenant_wall('alert_events', 'org_id');
