# Shared by the benchmark harnesses: a release build, a throwaway PostgreSQL, a server, and
# wrk runs summarised as medians.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib/throwaway-postgres.sh
# Production durability: a 201 is durable, so the benchmarks measure what that costs.
export PG_DURABLE=1

RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}

# build_release [PRODUCT]: the server to measure, `tokenledger` unless named
# (`tokenledger-benchmark-server` adds the baseline route of Benchmarks/Server).
build_release() {
    local product=${1:-tokenledger}
    command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
    swift build -c release --product "$product" >/dev/null
    TOKENLEDGER_BIN="$(swift build -c release --show-bin-path)/$product"
}

# bench_serve [PRODUCT]: a release build of PRODUCT (build_release) served on a throwaway
# durable PostgreSQL, both stopped on exit; `base` is the server's URL.
bench_serve() {
    build_release "$@"
    start_throwaway_postgres
    start_bench_server
    trap 'stop_bench_server; stop_throwaway_postgres' EXIT
    base="http://127.0.0.1:$BENCH_PORT"
}

# The free plan a registered organization starts on allows 100 requests a minute per caller
# and 10,000 events a month: a load never meets a limit unless its harness sets one.
export TOKENLEDGER_PLAN_FREE=${TOKENLEDGER_PLAN_FREE:-requests_per_minute=10000000,caller_requests_per_minute=10000000,ingest_requests_per_hour=unlimited,analytics_requests_per_hour=unlimited,events_per_month=unlimited}

start_bench_server() {
    BENCH_PORT=$(free_port)
    DATABASE_URL="$TEST_DATABASE_URL" TOKENLEDGER_PORT=$BENCH_PORT TOKENLEDGER_AUTO_MIGRATE=true \
        TOKENLEDGER_JWT_SECRET=${TOKENLEDGER_JWT_SECRET:-benchmark-secret-of-at-least-32-bytes} \
        LOG_LEVEL=${LOG_LEVEL:-warning} "$TOKENLEDGER_BIN" serve >"/tmp/tokenledger-bench-$BENCH_PORT.log" 2>&1 &
    BENCH_PID=$!
    export BENCH_PID
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$BENCH_PORT/ready" >/dev/null && return
        sleep 0.1
    done
    echo "server did not start; see /tmp/tokenledger-bench-$BENCH_PORT.log" >&2
    exit 1
}

stop_bench_server() {
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
}

# cpu_ticks: CPU time so far in clock ticks, the machine's (steal and idle left out), the
# server's and PostgreSQL's, as `machine M server S postgres P` (see machine_cpu.py).
cpu_ticks() { python3 Benchmarks/machine_cpu.py; }

# wrk_with_cpu URL [wrk options...]: one wrk run (wrk_once) with the CPU ticks before and
# after it, which machine_cpu.py's `wrk_rate_and_cpu` reads back as CPU per request.
wrk_with_cpu() {
    local before output
    before=$(cpu_ticks)
    output=$(wrk_once "$@")
    printf '%s\nCPU ticks before: %s\nCPU ticks after: %s\n' "$output" "$before" "$(cpu_ticks)"
}

# bench_owner_token BASE [NAME]: registers the organization NAME (default bench), owned by
# NAME@example.com with the password "benchmark passphrase", and prints the owner's token.
bench_owner_token() {
    local name=${2:-bench}
    curl -sf "$1/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$name@example.com\",\"password\":\"benchmark passphrase\",\"name\":\"$name\",\"organization_name\":\"$name\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# bench_key BASE TOKEN PERMISSION: a new API key of the token's organization that holds
# PERMISSION, printed as "KEY_ID SECRET".
bench_key() {
    curl -sf "$1/api/v1/api-keys" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
        -d "{\"name\":\"bench\",\"permissions\":[\"$3\"]}" |
        python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["key"]["id"], d["secret"])'
}

# bench_api_key BASE: registers the benchmark's organization and prints the secret of an API
# key of it that may write usage.
bench_api_key() {
    local secret
    read -r _ secret <<<"$(bench_key "$1" "$(bench_owner_token "$1")" usage:write)"
    echo "$secret"
}

# wrk_once URL [wrk options...]: one wrk run of DURATION at CONNECTIONS, its whole output.
wrk_once() {
    local url=$1
    shift
    wrk -t"${THREADS:-2}" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url"
}

# wrk_summary LABEL OUTPUT...: the median rps, p50 and p99 of wrk outputs, as one row.
wrk_summary() {
    local label=$1
    shift
    printf '%s\n---\n' "$@" | python3 Benchmarks/wrk_summary.py "$label" | tee /tmp/tokenledger-bench-last.txt
}

# rounds_summary LABEL DIR NAME: wrk_summary of the outputs a round-by-round harness kept as
# DIR/ROUND.NAME, one per round.
rounds_summary() {
    local label=$1 directory=$2 name=$3 round
    local outputs=()
    for round in $(seq "$RUNS"); do outputs+=("$(cat "$directory/$round.$name")"); done
    wrk_summary "$label" "${outputs[@]}"
}

# wrk_median LABEL URL [wrk options...]: runs wrk RUNS times; prints the median rps, p50, p99.
wrk_median() {
    local label=$1 url=$2
    shift 2
    local outputs=()
    for _ in $(seq "$RUNS"); do outputs+=("$(wrk_once "$url" "$@")"); done
    wrk_summary "$label" "${outputs[@]}"
}

# The median rps of the last wrk_median.
median_rps() { sed -n 's/.*median_rps=\([0-9]*\).*/\1/p' /tmp/tokenledger-bench-last.txt; }
