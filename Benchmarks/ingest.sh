#!/usr/bin/env bash
# Usage ingest: single events with API-key auth at 64 connections (the whole answer, and
# `Prefer: return=minimal`) against the /health ceiling of the same run, and 1,000-event
# batches against COPY of the same rows; RSS idle and under load.
source "$(dirname "$0")/lib.sh"
build_release
start_throwaway_postgres
start_bench_server
trap 'stop_bench_server; stop_throwaway_postgres' EXIT
base="http://127.0.0.1:$BENCH_PORT"
rss() { ps -o rss= -p "$BENCH_PID" | awk '{printf "%.1f MiB", $1/1024}'; }
echo "server RSS idle: $(rss)"
token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"benchmark passphrase","name":"Bench","organization_name":"Bench"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
export TOKENLEDGER_BENCH_KEY=$(curl -sf "$base/api/v1/api-keys" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"bench","permissions":["usage:write"]}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
wrk_median "GET /health (ceiling)" "$base/health"
health=$(median_rps)
wrk_median "POST /api/v1/usage" "$base/api/v1/usage" -s Benchmarks/ingest-single.lua
single=$(median_rps)
TOKENLEDGER_BENCH_PREFER=return=minimal wrk_median "POST /api/v1/usage, Prefer: return=minimal" "$base/api/v1/usage" \
    -s Benchmarks/ingest-single.lua
minimal=$(median_rps)
echo "server RSS after single ingest: $(rss)"
python3 Benchmarks/batch_ingest.py "$base" "$TOKENLEDGER_BENCH_KEY" "${TEST_DATABASE_URL%%\?*}" "${BATCHES:-40}" |
    tee /tmp/tokenledger-bench-batch.txt
batch=$(sed -n 's/^batch ingest: \([0-9]*\).*/\1/p' /tmp/tokenledger-bench-batch.txt)
echo "server RSS after batch ingest: $(rss)"
# The limit of single-event ingest: one HTTP request plus one event's share of a batch.
python3 -c "h, b, s, m = $health, $batch, $single, $minimal; limit = 1 / (1 / h + 1 / b); print(f'limit 1/(1/health + 1/batch): {limit:.0f} events/s; single ingest {s} = {s / limit:.2f} of it; with return=minimal {m} = {m / limit:.2f}')"
