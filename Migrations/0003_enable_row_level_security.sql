-- Row-level security: a second wall behind the org_id in every tenant query. A transaction
-- opened for one organization (Database.tenant) switches to the unprivileged role
-- tokenledger_tenant and sets `tokenledger.org_id`: rows of any other organization can then
-- be neither seen nor written, even by a query that forgot its WHERE. Superusers and the
-- tables' owner skip policies, hence the role. Outside such a transaction (sign-in lookups
-- by digest, operator routes, migrations) the connection's own role is used, unrestricted.

-- Roles belong to the whole cluster: several databases may migrate at once, so losing the
-- race to create it is fine.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tokenledger_tenant') THEN
        BEGIN
            CREATE ROLE tokenledger_tenant NOLOGIN NOSUPERUSER NOBYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    EXECUTE format('GRANT tokenledger_tenant TO %I', current_user);
END
$$;

GRANT USAGE ON SCHEMA public TO tokenledger_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tokenledger_tenant;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tokenledger_tenant;
-- Tables and sequences of later migrations are covered too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tokenledger_tenant;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tokenledger_tenant;

CREATE FUNCTION tokenledger_tenant_visible(row_org uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('tokenledger.org_id', true), '') = ''
        OR row_org = current_setting('tokenledger.org_id', true)::uuid
$$;

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON organizations
    USING (tokenledger_tenant_visible(id)) WITH CHECK (tokenledger_tenant_visible(id));

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON memberships
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON refresh_tokens
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON api_keys
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON audit_log
    USING (tokenledger_tenant_visible(org_id)) WITH CHECK (tokenledger_tenant_visible(org_id));
