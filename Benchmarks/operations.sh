#!/usr/bin/env bash
# What operating many tenants costs per request (durable PostgreSQL): an authenticated GET
# (/api/v1/auth/principal, answered from the verified API key) and a tenant read
# (/api/v1/api-keys/{id}) on servers with everything on, and with the rate limiter, the metrics
# middleware or tracing turned off, interleaved round by round in the same run. Then two
# replicas on one database hammered at once under a per-caller limit: what they admitted
# together against the limit (read back from their own /metrics).
source "$(dirname "$0")/lib.sh"
build_release
start_throwaway_postgres
trap 'stop_bench_server; stop_throwaway_postgres' EXIT
# Limits that the load never reaches: the limiter works on every request without refusing.
export TOKENLEDGER_PLAN_FREE="requests_per_minute=10000000,caller_requests_per_minute=10000000,ingest_requests_per_hour=unlimited,analytics_requests_per_hour=unlimited,events_per_month=unlimited"
start_bench_server
base="http://127.0.0.1:$BENCH_PORT"
# `key NAME` prints "key_id secret" of a new organization's API key.
key() {
    local token
    token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1@example.com\",\"password\":\"benchmark passphrase\",\"name\":\"$1\",\"organization_name\":\"$1\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
    curl -sf "$base/api/v1/api-keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"name":"bench","permissions":["api_key:read"]}' |
        python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["key"]["id"], d["secret"])'
}
read -r key_id secret <<<"$(key operations)"
stop_bench_server

# CONFIGURATIONS="everything no_limiter" measures a subset.
read -r -a configurations <<<"${CONFIGURATIONS:-everything no_limiter no_metrics no_tracing}"
declare -A setting=(
    [everything]="" [no_limiter]=TOKENLEDGER_RATE_LIMIT_ENABLED=false
    [no_metrics]=TOKENLEDGER_METRICS_ENABLED=false [no_tracing]=TOKENLEDGER_TRACING_ENABLED=false
)
declare -A principal read
for _ in $(seq "$RUNS"); do
    for name in "${configurations[@]}"; do
        # shellcheck disable=SC2086
        [ -n "${setting[$name]}" ] && export ${setting[$name]}
        start_bench_server
        base="http://127.0.0.1:$BENCH_PORT"
        RUNS=1 wrk_median "GET /api/v1/auth/principal ($name)" "$base/api/v1/auth/principal" -H "X-API-Key: $secret"
        principal[$name]+="$(median_rps),"
        RUNS=1 wrk_median "GET /api/v1/api-keys/{id} ($name)" "$base/api/v1/api-keys/$key_id" -H "X-API-Key: $secret"
        read[$name]+="$(median_rps),"
        stop_bench_server
        [ -n "${setting[$name]}" ] && unset "${setting[$name]%%=*}"
    done
done
# The machine drifts within a run: each configuration is compared with "everything" of the
# same round, and the median of those paired ratios is the figure.
python3 - <<PY
import statistics
principal = {$(for n in "${configurations[@]}"; do printf '"%s": [%s], ' "$n" "${principal[$n]}"; done)}
read = {$(for n in "${configurations[@]}"; do printf '"%s": [%s], ' "$n" "${read[$n]}"; done)}
for label, runs in (("auth/principal", principal), ("api-keys/{id}", read)):
    everything = runs["everything"]
    costs = []
    for name in ("no_limiter", "no_metrics", "no_tracing"):
        if name not in runs:
            continue
        ratios = [with_it / without for with_it, without in zip(everything, runs[name])]
        costs.append(f"{name.replace('no_', '')} costs {1 - statistics.median(ratios):+.1%} "
                     f"(paired ratios {', '.join(f'{r:.3f}' for r in ratios)}; without: {statistics.median(runs[name]):.0f} rps)")
    print(f"{label}: everything {statistics.median(everything):.0f} rps; " + "; ".join(costs))
PY

[ -n "${CONFIGURATIONS:-}" ] && exit 0
# Two replicas, one caller limited to 6,000 a minute with a burst of 6,000 (a lease: 300; a
# replica holds at most 1¼ leases).
export TOKENLEDGER_PLAN_FREE="requests_per_minute=10000000,caller_requests_per_minute=6000,caller_burst=6000,ingest_requests_per_hour=unlimited,analytics_requests_per_hour=unlimited,events_per_month=unlimited"
start_bench_server
first_pid=$BENCH_PID first="http://127.0.0.1:$BENCH_PORT"
start_bench_server
second_pid=$BENCH_PID second="http://127.0.0.1:$BENCH_PORT"
trap 'kill -TERM $first_pid $second_pid 2>/dev/null; wait $first_pid $second_pid 2>/dev/null; stop_throwaway_postgres' EXIT
base=$first
read -r _ limited <<<"$(key replicas)"
started=$(date +%s.%N)
wrk -t1 -c32 -d10s "$first/api/v1/auth/principal" -H "X-API-Key: $limited" >/tmp/tokenledger-bench-first.txt &
wrk_pid=$!
wrk -t1 -c32 -d10s "$second/api/v1/auth/principal" -H "X-API-Key: $limited" >/tmp/tokenledger-bench-second.txt
wait "$wrk_pid"
finished=$(date +%s.%N)
admitted() {
    curl -sf "$1/metrics" | python3 -c '
import sys
print(sum(float(line.rsplit(" ", 1)[1]) for line in sys.stdin
          if line.startswith("tokenledger_http_requests_total{") and "/api/v1/auth/principal" in line and "2xx" in line))'
}
python3 - <<PY
first, second = $(admitted "$first"), $(admitted "$second")
elapsed = $finished - $started
limit = 6000 + 100 * elapsed
margin = int(2 * 1.25 * 300)
print(f"two replicas, 10 s of load on each: admitted {first:.0f} + {second:.0f} = {first + second:.0f}; "
      f"limit over {elapsed:.1f} s: {limit:.0f}; beyond it: {first + second - limit:+.0f} (stated margin: {margin})")
PY
