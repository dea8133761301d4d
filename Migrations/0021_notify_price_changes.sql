-- Each replica keeps the price candidates ingest reads. Any change to price_definitions, from
-- any replica or the CLI's catalog import, tells every replica at commit, so they forget them.

CREATE FUNCTION tokenledger_notify_price_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tl_prices_changed', '');
    RETURN NULL;
END $$;

CREATE TRIGGER price_definitions_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON price_definitions
    FOR EACH STATEMENT EXECUTE FUNCTION tokenledger_notify_price_change();
