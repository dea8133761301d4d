#!/usr/bin/env bash
# Usage ingest: single events with API-key auth at 64 connections (the whole answer, and
# `Prefer: return=minimal`) against the limit of the same round (the /health ceiling and
# 1,000-event batches, themselves against COPY of the same rows); then the retry-safe pair,
# single events each with an Idempotency-Key against batches whose records each carry a
# request_id; RSS idle and under load. Beside them, the ceiling of any commit design: the same
# requests to a route of the benchmark server that takes each record as single ingest does and
# answers it without counting or committing it.
source "$(dirname "$0")/lib.sh"
bench_serve tokenledger-benchmark-server
rounds=$(mktemp -d /tmp/tokenledger-bench-rounds.XXXXXX)
# bench_serve's trap, and the rounds' outputs.
trap 'stop_bench_server; stop_throwaway_postgres; rm -rf "$rounds"' EXIT
rss() { ps -o rss= -p "$BENCH_PID" | awk '{printf "%.1f MiB", $1/1024}'; }
echo "server RSS idle: $(rss)"
export TOKENLEDGER_BENCH_KEY=$(bench_api_key "$base")
# Round by round, each measure once per round: the machine's speed drifts within minutes, and
# a ratio of figures taken side by side is what it does not move.
for round in $(seq "$RUNS"); do
    wrk_with_cpu "$base/health" >"$rounds/$round.health"
    wrk_with_cpu "$base/api/v1/usage" -s Benchmarks/ingest-single.lua >"$rounds/$round.single"
    TOKENLEDGER_BENCH_PREFER=return=minimal wrk_with_cpu "$base/api/v1/usage" -s Benchmarks/ingest-single.lua \
        >"$rounds/$round.minimal"
    wrk_with_cpu "$base/api/v1/benchmark/uncommitted-usage" -s Benchmarks/ingest-single.lua >"$rounds/$round.uncommitted"
    python3 Benchmarks/batch_ingest.py "$base" "$TOKENLEDGER_BENCH_KEY" "${TEST_DATABASE_URL%%\?*}" "${BATCHES:-40}" \
        >"$rounds/$round.batch"
    TOKENLEDGER_BENCH_KEYS="round-$round-$$" wrk_with_cpu "$base/api/v1/usage" -s Benchmarks/ingest-single.lua \
        >"$rounds/$round.keyed"
    RETRY_KEYS=1 python3 Benchmarks/batch_ingest.py "$base" "$TOKENLEDGER_BENCH_KEY" "${TEST_DATABASE_URL%%\?*}" "${BATCHES:-40}" \
        >"$rounds/$round.keyedbatch"
    python3 Benchmarks/ingest_limit.py "$rounds" "$round"
done
for measure in health single minimal keyed uncommitted; do
    case $measure in
    health) label="GET /health (ceiling)" ;;
    single) label="POST /api/v1/usage" ;;
    minimal) label="POST /api/v1/usage, Prefer: return=minimal" ;;
    keyed) label="POST /api/v1/usage, Idempotency-Key" ;;
    uncommitted) label="POST /api/v1/benchmark/uncommitted-usage (not committed)" ;;
    esac
    rounds_summary "$label" "$rounds" "$measure"
done
echo "server RSS after single ingest and batches: $(rss)"
python3 Benchmarks/ingest_limit.py "$rounds"
