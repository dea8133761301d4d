-- Spend a caller is about to make, held against its block budgets until settled, released or
-- expired. A reservation locks the rows of the budgets it counts against (in id order, so two
-- reservations never wait on each other in a cycle): reservations of one budget are
-- serialized across every replica, and each sees the others' holds.

CREATE TABLE budget_reservations (
    org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    id uuid NOT NULL,
    budget_ids uuid[] NOT NULL,
    amount_nanos bigint NOT NULL CHECK (amount_nanos >= 0),
    status text NOT NULL CHECK (status IN ('held', 'settled', 'released')),
    settled_nanos bigint CHECK (settled_nanos >= 0),
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);

CREATE INDEX budget_reservations_held_idx ON budget_reservations USING gin (budget_ids) WHERE status = 'held';

CALL tokenledger_tenant_wall('budget_reservations', 'org_id');
