-- wrk script: POST one usage record per request with the API key from the environment, and
-- the Prefer header from TOKENLEDGER_BENCH_PREFER when set.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("TOKENLEDGER_BENCH_KEY")
wrk.headers["Prefer"] = os.getenv("TOKENLEDGER_BENCH_PREFER")
wrk.body = '{"provider":"openai","model":"gpt-4o","endpoint":"bench","usage":{"prompt_tokens":1200,"completion_tokens":300,"cached_tokens":1000},"latency_ms":900}'
