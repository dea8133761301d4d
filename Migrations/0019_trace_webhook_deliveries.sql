-- The trace context (W3C traceparent / tracestate) of the change that announced a delivery,
-- so its attempts continue that trace however much later they are sent.
ALTER TABLE webhook_deliveries ADD COLUMN trace_context jsonb NOT NULL DEFAULT '{}';
