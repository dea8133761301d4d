-- The per-record maxima of docs/USAGE.md ("Limits"), held by the table too: a row past them
-- would make a later read's sums (CSV lines, token totals, rollups) leave 64 bits.
ALTER TABLE usage_events ADD CONSTRAINT usage_events_within_limits CHECK (
    input_uncached <= 10000000000 AND cache_read <= 10000000000 AND cache_write_5m <= 10000000000
    AND cache_write_1h <= 10000000000 AND output <= 10000000000 AND reasoning <= 10000000000
    AND images <= 10000000 AND audio_seconds <= 10000000 AND requests <= 10000000
    AND latency_ms <= 86400000 AND time_to_first_token_ms <= 86400000
    AND cost_total BETWEEN 0 AND 1000000000000000
    AND least(cost_input_uncached, cost_cache_read, cost_cache_write_5m, cost_cache_write_1h, cost_output,
              cost_reasoning, cost_images, cost_audio, cost_requests) >= 0
    AND greatest(cost_input_uncached, cost_cache_read, cost_cache_write_5m, cost_cache_write_1h, cost_output,
                 cost_reasoning, cost_images, cost_audio, cost_requests) <= 1000000000000000
    AND reported_cost_nanos BETWEEN 0 AND 1000000000000000
);
