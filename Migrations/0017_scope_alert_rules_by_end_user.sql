-- Alert rules count usage by the same scope as budgets, end users included.
ALTER TABLE alert_rules ADD COLUMN end_users text[] NOT NULL DEFAULT '{}';
