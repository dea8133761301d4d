-- Sessions (rotating refresh tokens), API keys, login throttling and the audit log.

-- One row per refresh token ever issued. A token is spent when rotated; presenting a spent
-- one revokes its whole family (every token descended from the same login).
CREATE TABLE refresh_tokens (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    spent_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (org_id, id)
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (org_id, family_id);

-- Integration keys: tl_<prefix>_<secret>; only the SHA-256 digest of the whole key is kept.
CREATE TABLE api_keys (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL UNIQUE,
    permissions text[] NOT NULL,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    PRIMARY KEY (org_id, id)
);

-- Failed-login counters per account and per client address, shared by every replica.
CREATE TABLE auth_throttle (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    window_started_at timestamptz NOT NULL,
    locked_until timestamptz
);

-- Append-only record of security and administrative actions. No foreign key to
-- organizations: the trail outlives a deleted organization. org_id is null for events that
-- belong to no organization (a failed login for an unknown email).
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id uuid,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor_type text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system', 'anonymous')),
    actor_id uuid,
    action text NOT NULL,
    target_type text,
    target_id text,
    ip text,
    user_agent text,
    request_id text,
    details jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_log_org_idx ON audit_log (org_id, id DESC);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
