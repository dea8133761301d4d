-- An operator's override becomes one object of named values (`LimitName`), so that a new
-- limit (a rate category) is a name, not a column.
ALTER TABLE organization_limits ADD COLUMN override jsonb NOT NULL DEFAULT '{}';
UPDATE organization_limits SET override = jsonb_strip_nulls(jsonb_build_object(
    'requests_per_minute', requests_per_minute, 'burst', burst,
    'caller_requests_per_minute', caller_requests_per_minute, 'caller_burst', caller_burst,
    'events_per_month', events_per_month));
ALTER TABLE organization_limits
    DROP COLUMN requests_per_minute, DROP COLUMN burst, DROP COLUMN caller_requests_per_minute,
    DROP COLUMN caller_burst, DROP COLUMN events_per_month,
    ALTER COLUMN override DROP DEFAULT,
    ADD CONSTRAINT organization_limits_override_is_object CHECK (jsonb_typeof(override) = 'object');
