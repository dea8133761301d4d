#!/usr/bin/env bash
# Budgets and webhooks (durable PostgreSQL): single-event ingest of an organization with ten
# budgets and five alert rules in scope against one without, runs interleaved in the same run; then
# Benchmarks/budget_webhooks.py: crossing lag to a receiver, deliveries per second, and the
# gateway's reserve -> settle pair.
source "$(dirname "$0")/lib.sh"
export TOKENLEDGER_WEBHOOK_ALLOW_HTTP=true TOKENLEDGER_WEBHOOK_ALLOWED_HOSTS=127.0.0.1 TOKENLEDGER_WEBHOOK_POLL_MS=100
bench_serve
# An organization's owner token and an ingest key: `org NAME` prints "token key".
org() {
    local token secret
    token=$(bench_owner_token "$base" "$1")
    read -r _ secret <<<"$(bench_key "$base" "$token" usage:write)"
    echo "$token $secret"
}
read -r _ plain_key <<<"$(org plain)"
read -r budgeted_token budgeted_key <<<"$(org budgeted)"
# Ten budgets that the benchmark's events fall in (org-wide, by provider, model, endpoint and
# combinations), none of which is crossed during the run.
for scope in '{}' '{"providers":["openai"]}' '{"models":["gpt-4o"]}' '{"endpoints":["bench"]}' \
    '{"providers":["openai"],"models":["gpt-4o"]}' '{"providers":["openai"],"endpoints":["bench"]}' \
    '{"models":["gpt-4o"],"endpoints":["bench"]}' '{"providers":["openai"],"models":["gpt-4o"],"endpoints":["bench"]}' \
    '{"providers":["openai","anthropic"]}' '{"models":["gpt-4o","gpt-4o-mini"]}'; do
    curl -sf "$base/api/v1/budgets" -H "Authorization: Bearer $budgeted_token" -H 'Content-Type: application/json' \
        -d "{\"limit_usd\":\"1000000000\",\"scope\":$scope}" >/dev/null
done
for condition in cost_per_hour error_rate avg_latency request_rate token_rate; do
    curl -sf "$base/api/v1/alerts/rules" -H "Authorization: Bearer $budgeted_token" -H 'Content-Type: application/json' \
        -d "{\"name\":\"$condition\",\"condition\":\"$condition\",\"threshold\":1000000000}" >/dev/null
done
plain=() budgeted=()
for _ in $(seq "$RUNS"); do
    RUNS=1 TOKENLEDGER_BENCH_KEY=$plain_key wrk_median "POST /api/v1/usage, no budgets" "$base/api/v1/usage" \
        -s Benchmarks/ingest-single.lua
    plain+=("$(median_rps)")
    RUNS=1 TOKENLEDGER_BENCH_KEY=$budgeted_key wrk_median "POST /api/v1/usage, ten budgets and five alert rules in scope" "$base/api/v1/usage" \
        -s Benchmarks/ingest-single.lua
    budgeted+=("$(median_rps)")
done
python3 -c "
import statistics
p, b = statistics.median([$(IFS=,; echo "${plain[*]}")]), statistics.median([$(IFS=,; echo "${budgeted[*]}")])
print(f'single ingest, median of interleaved runs: no budgets {p:.0f}/s, ten budgets and five rules {b:.0f}/s, ratio {b / p:.2f}')"
.venv/bin/python Benchmarks/budget_webhooks.py "$base" "${TEST_DATABASE_URL%%\?*}" "$(free_port)"
