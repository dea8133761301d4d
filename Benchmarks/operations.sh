#!/usr/bin/env bash
# What operating many tenants costs per request (durable PostgreSQL): an authenticated GET
# (/api/v1/auth/principal, answered from the verified API key) and a tenant read
# (/api/v1/api-keys/{id}) on a server with everything on, loaded at the same time as one with the
# rate limiter, the metrics middleware or tracing turned off, round by round. Then two
# replicas on one database hammered at once under a per-caller limit: what they admitted
# together against the limit (read back from their own /metrics).
source "$(dirname "$0")/lib.sh"
build_release
start_throwaway_postgres
trap 'stop_bench_server; BENCH_PID=${everything_pid:-} stop_bench_server; stop_throwaway_postgres' EXIT
# Limits that the load never reaches: the limiter works on every request without refusing.
export TOKENLEDGER_PLAN_FREE="requests_per_minute=10000000,caller_requests_per_minute=10000000,ingest_requests_per_hour=unlimited,analytics_requests_per_hour=unlimited,events_per_month=unlimited"
start_bench_server
base="http://127.0.0.1:$BENCH_PORT"
read -r key_id secret <<<"$(bench_key "$base" "$(bench_owner_token "$base" operations)" api_key:read)"
stop_bench_server

# Each configuration runs at the same time as a server with everything on, both under the same
# load (wrk -t1 -c32 each), so that both meet the same machine: this machine's capacity drifts
# by ±25% within minutes, which sequential runs cannot tell from the cost measured. The cheaper
# server serves more of the shared CPU; the ratio of the two throughputs is the figure, and
# `everything` against itself measures what the arrangement favours (the control).
# CONFIGURATIONS="no_limiter" measures a subset.
read -r -a configurations <<<"${CONFIGURATIONS:-everything no_limiter no_metrics no_tracing}"
declare -A setting=(
    [everything]="" [no_limiter]=TOKENLEDGER_RATE_LIMIT_ENABLED=false
    [no_metrics]=TOKENLEDGER_METRICS_ENABLED=false [no_tracing]=TOKENLEDGER_TRACING_ENABLED=false
)
# `rps FILE`: the requests per second wrk reported.
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
# `together PATH`: both servers under load at once; prints "rps_everything rps_other".
together() {
    wrk -t1 -c32 -d"$DURATION" "$everything$1" -H "X-API-Key: $secret" >/tmp/tokenledger-bench-a.txt &
    local first=$!
    wrk -t1 -c32 -d"$DURATION" "$other$1" -H "X-API-Key: $secret" >/tmp/tokenledger-bench-b.txt
    wait "$first"
    echo "$(rps /tmp/tokenledger-bench-a.txt) $(rps /tmp/tokenledger-bench-b.txt)"
}
declare -A principal read
for _ in $(seq "$RUNS"); do
    for name in "${configurations[@]}"; do
        start_bench_server
        everything_pid=$BENCH_PID everything="http://127.0.0.1:$BENCH_PORT"
        # shellcheck disable=SC2086
        [ -n "${setting[$name]}" ] && export ${setting[$name]}
        start_bench_server
        other="http://127.0.0.1:$BENCH_PORT"
        [ -n "${setting[$name]}" ] && unset "${setting[$name]%%=*}"
        principal[$name]+="$(together /api/v1/auth/principal),"
        read[$name]+="$(together "/api/v1/api-keys/$key_id"),"
        stop_bench_server
        BENCH_PID=$everything_pid stop_bench_server
    done
done
python3 - <<PY
import statistics
def pairs(text):
    return {name: [tuple(map(float, pair.split())) for pair in values.split(",") if pair] for name, values in text.items()}
principal = pairs({$(for n in "${configurations[@]}"; do printf '"%s": "%s", ' "$n" "${principal[$n]}"; done)})
read = pairs({$(for n in "${configurations[@]}"; do printf '"%s": "%s", ' "$n" "${read[$n]}"; done)})
for label, runs in (("auth/principal", principal), ("api-keys/{id}", read)):
    figures = []
    for name, rounds in runs.items():
        ratios = [with_it / other for with_it, other in rounds]
        what = "control (everything against itself)" if name == "everything" else name.replace("no_", "") + " costs"
        value = statistics.median(ratios) - 1 if name == "everything" else 1 - statistics.median(ratios)
        figures.append(f"{what} {value:+.1%} (ratios {', '.join(f'{r:.3f}' for r in ratios)}; "
                       f"{statistics.median(w for w, _ in rounds):.0f} / {statistics.median(o for _, o in rounds):.0f} rps)")
    print(f"{label}: " + "; ".join(figures))
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
