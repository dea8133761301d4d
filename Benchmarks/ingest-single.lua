-- wrk script: POST one usage record per request with the API key from the environment, and
-- the Prefer header from TOKENLEDGER_BENCH_PREFER when set. With TOKENLEDGER_BENCH_KEYS set to a
-- prefix unique to the run, every request carries its own Idempotency-Key (the retry-safe path).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("TOKENLEDGER_BENCH_KEY")
wrk.headers["Prefer"] = os.getenv("TOKENLEDGER_BENCH_PREFER")
wrk.body = '{"provider":"openai","model":"gpt-4o","endpoint":"bench","usage":{"prompt_tokens":1200,"completion_tokens":300,"cached_tokens":1000},"latency_ms":900}'

local keys = os.getenv("TOKENLEDGER_BENCH_KEYS")
if keys then
    local threads = 0
    function setup(thread)
        threads = threads + 1
        thread:set("thread_number", threads)
    end

    local sent = 0
    -- Defined only with keys: without request(), wrk sends one prepared request again and again.
    function request()
        sent = sent + 1
        local headers = {}
        for name, value in pairs(wrk.headers) do headers[name] = value end
        headers["Idempotency-Key"] = string.format("%s-%d-%d", keys, thread_number, sent)
        return wrk.format(nil, nil, headers)
    end
end
