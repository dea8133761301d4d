-- The digest of the request a retry key first named (NULL for keys older than this column):
-- the same key with another body is refused, not answered with the first event.
ALTER TABLE usage_idempotency_keys ADD COLUMN request_digest bytea;
