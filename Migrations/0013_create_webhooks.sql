-- Webhook endpoints and their deliveries. The deliveries table is the outbox: a change that
-- causes an event inserts one delivery per subscribed endpoint in its own transaction, so an
-- event is sent if and only if its change committed. Delivery workers of any replica claim due
-- rows with FOR UPDATE SKIP LOCKED and push `next_attempt_at` past their lease: a worker that
-- dies mid-delivery leaves the row due again once the lease ends.

CREATE TABLE webhook_endpoints (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    -- Empty: every event type.
    event_types text[] NOT NULL DEFAULT '{}',
    enabled boolean NOT NULL DEFAULT true,
    disabled_reason text,
    -- whsec_<base64>: kept in clear, since HMAC signing needs it.
    secret text NOT NULL,
    -- During a rotation both secrets sign, until previous_secret_expires_at.
    previous_secret text,
    previous_secret_expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

CREATE TABLE webhook_deliveries (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    endpoint_id uuid NOT NULL,
    -- The webhook-id header (msg_<event_id>): one event, one id, on every attempt.
    event_id uuid NOT NULL,
    event_type text NOT NULL,
    payload text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempt_count integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, endpoint_id) REFERENCES webhook_endpoints (org_id, id) ON DELETE CASCADE
);

CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (org_id, endpoint_id, created_at);

-- Every attempt, as the receiver answered it (the answer cut to 1 KiB).
CREATE TABLE webhook_attempts (
    org_id uuid NOT NULL,
    delivery_id uuid NOT NULL,
    number integer NOT NULL,
    attempted_at timestamptz NOT NULL,
    status_code integer,
    latency_ms integer NOT NULL,
    response text NOT NULL,
    PRIMARY KEY (org_id, delivery_id, number),
    FOREIGN KEY (org_id, delivery_id) REFERENCES webhook_deliveries (org_id, id) ON DELETE CASCADE
);

CALL tokenledger_tenant_wall('webhook_endpoints', 'org_id');
CALL tokenledger_tenant_wall('webhook_deliveries', 'org_id');
CALL tokenledger_tenant_wall('webhook_attempts', 'org_id');
