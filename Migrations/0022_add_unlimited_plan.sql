-- The `unlimited` plan: no request rate and no event quota, the default plan of a self-hosted
-- install (TOKENLEDGER_DEFAULT_PLAN).
ALTER TABLE organizations DROP CONSTRAINT organizations_plan_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_plan_check
    CHECK (plan IN ('free', 'starter', 'pro', 'enterprise', 'unlimited'));
