#!/usr/bin/env bash
# Two builds of the server side by side, for a change's before and after: both serve one
# durable PostgreSQL, and each round measures `/health`, single ingest and single ingest with
# `Prefer: return=minimal` on one build and then on the other (which first alternates), so
# that the machine's drift within minutes falls on both alike and each round pairs them. Usage:
#   Benchmarks/compare-builds.sh BINARY_A BINARY_B
# each a release `tokenledger` copied aside (`swift build -c release --product tokenledger`).
source "$(dirname "$0")/lib.sh"
[ $# -eq 2 ] || { echo "usage: $0 BINARY_A BINARY_B" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
start_throwaway_postgres
builds=(A B)
pids=()
ports=()
rounds=$(mktemp -d /tmp/tokenledger-bench-rounds.XXXXXX)
trap 'for BENCH_PID in "${pids[@]}"; do stop_bench_server; done; stop_throwaway_postgres; rm -rf "$rounds"' EXIT
for binary in "$1" "$2"; do
    TOKENLEDGER_BIN=$binary start_bench_server
    pids+=("$BENCH_PID")
    ports+=("$BENCH_PORT")
done
export TOKENLEDGER_BENCH_KEY=$(bench_api_key "http://127.0.0.1:${ports[0]}")
# The build measured second in a round ran 5-8% faster in single ingest with the same two
# binaries in either slot (docs/BENCHMARKS.md): the order alternates, A first in odd rounds.
for round in $(seq "$RUNS"); do
    order=(0 1)
    ((round % 2)) || order=(1 0)
    for index in "${order[@]}"; do
        build=${builds[$index]}
        export BENCH_PID=${pids[$index]}
        base="http://127.0.0.1:${ports[$index]}"
        wrk_with_cpu "$base/health" >"$rounds/$round.$build.health"
        wrk_with_cpu "$base/api/v1/usage" -s Benchmarks/ingest-single.lua >"$rounds/$round.$build.single"
        TOKENLEDGER_BENCH_PREFER=return=minimal wrk_with_cpu "$base/api/v1/usage" -s Benchmarks/ingest-single.lua \
            >"$rounds/$round.$build.minimal"
    done
done
for build in "${builds[@]}"; do
    for measure in health single minimal; do rounds_summary "$build $measure" "$rounds" "$build.$measure"; done
done
python3 Benchmarks/compare_builds.py "$rounds"
