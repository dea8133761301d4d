#!/usr/bin/env bash
# The machine's HTTP ceiling: GET /health on a release build over loopback, wrk with 2
# threads and 64 connections, RUNS runs of DURATION each; prints medians. Later targets are
# stated as ratios of this figure measured in the same run.
source "$(dirname "$0")/lib.sh"
bench_serve
wrk_median "GET /health" "$base/health"
echo "server RSS after load: $(ps -o rss= -p "$BENCH_PID" | awk '{printf "%.1f MiB", $1/1024}')"
