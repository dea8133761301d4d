#!/usr/bin/env bash
# costs/aggregate and costs/trends over 100k and then 10M stored events of one organization
# (Benchmarks/analytics-seed.sql), one connection at a time so the figures are latencies.
# EVENTS_SMALL and EVENTS_LARGE change the two sizes.
source "$(dirname "$0")/lib.sh"
bench_serve
database="${TEST_DATABASE_URL%%\?*}"
token=$(bench_owner_token "$base")
org=$(curl -sf "$base/api/v1/organization" -H "Authorization: Bearer $token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
read -r key _ <<<"$(bench_key "$base" "$token" cost:read)"
small=${EVENTS_SMALL:-100000}
large=${EVENTS_LARGE:-10000000}
export THREADS=1 CONNECTIONS=1
measure() {
    wrk_median "aggregate group_by=model ($1 events)" "$base/api/v1/costs/aggregate?group_by=model" -H "Authorization: Bearer $token"
    wrk_median "aggregate group_by=user ($1 events)" "$base/api/v1/costs/aggregate?group_by=user" -H "Authorization: Bearer $token"
    wrk_median "aggregate group_by=model,project ($1 events)" "$base/api/v1/costs/aggregate?group_by=model,project" -H "Authorization: Bearer $token"
    wrk_median "trends granularity=day ($1 events)" "$base/api/v1/costs/trends?granularity=day" -H "Authorization: Bearer $token"
}
seed() {
    local started=$SECONDS
    psql "$database" -q -v org="$org" -v key="$key" -v count="$1" -v seed="$2" -f Benchmarks/analytics-seed.sql
    echo "seeded $1 events in $((SECONDS - started)) s"
}
seed "$small" 0
measure "$small"
seed "$((large - small))" 7
measure "$large"
