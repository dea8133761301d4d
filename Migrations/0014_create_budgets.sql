-- Budgets and the thresholds they reached. A threshold fires once per period because its
-- firing is a row keyed by (budget, period start, threshold): whichever evaluation inserts it
-- first (any replica, any number of concurrent ingests) announces it, in the same
-- transaction; the others insert nothing.

CREATE TABLE budgets (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    projects text[] NOT NULL DEFAULT '{}',
    providers text[] NOT NULL DEFAULT '{}',
    models text[] NOT NULL DEFAULT '{}',
    endpoints text[] NOT NULL DEFAULT '{}',
    api_key_ids uuid[] NOT NULL DEFAULT '{}',
    end_users text[] NOT NULL DEFAULT '{}',
    period text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'custom')),
    period_start timestamptz,
    period_end timestamptz,
    limit_nanos bigint NOT NULL CHECK (limit_nanos > 0),
    thresholds integer[] NOT NULL DEFAULT '{}',
    action text NOT NULL CHECK (action IN ('notify', 'block')),
    notification_channels text[] NOT NULL DEFAULT '{webhook}',
    enabled boolean NOT NULL DEFAULT true,
    -- The start of the period the evaluator last saw: a later one means `budget.reset`.
    current_period_start timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CHECK ((period = 'custom') = (period_start IS NOT NULL AND period_end IS NOT NULL)),
    CHECK (period_end IS NULL OR period_end > period_start)
);

CREATE TABLE budget_threshold_crossings (
    org_id uuid NOT NULL,
    budget_id uuid NOT NULL,
    period_start timestamptz NOT NULL,
    threshold integer NOT NULL,
    spent_nanos bigint NOT NULL,
    crossed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, budget_id, period_start, threshold),
    FOREIGN KEY (org_id, budget_id) REFERENCES budgets (org_id, id) ON DELETE CASCADE
);

CALL tokenledger_tenant_wall('budgets', 'org_id');
CALL tokenledger_tenant_wall('budget_threshold_crossings', 'org_id');
