#!/usr/bin/env bash
# Authenticated GETs against baselines of the same run: /health (the HTTP ceiling),
# /api/v1/auth/principal (answered from the verified API key alone: what authentication
# costs) and the benchmark server's /api/v1/benchmark/one-round-trip (the same answer after
# one `SELECT 1`: the one-round-trip route). GET /api/v1/api-keys/{id} is a tenant read of
# one row under row-level security; GET /api/v1/auth/me reads the user's memberships.
source "$(dirname "$0")/lib.sh"
export TOKENLEDGER_JWT_SECRET=benchmark-secret-of-at-least-32-bytes
bench_serve tokenledger-benchmark-server
read -r key_id secret <<<"$(bench_key "$base" "$(bench_owner_token "$base")" api_key:read)"
curl -sf "$base/api/v1/api-keys/$key_id" -H "X-API-Key: $secret" >/dev/null
# The endpoints take turns, round by round, and each round's ratios are paired: the machine
# drifts within a run, and consecutive runs of one endpoint would compare moments.
declare -A rounds
for _ in $(seq "$RUNS"); do
    for endpoint in health principal baseline read_one me; do
        case $endpoint in
            health) RUNS=1 wrk_median "GET /health (ceiling)" "$base/health" ;;
            principal) RUNS=1 wrk_median "GET /api/v1/auth/principal with X-API-Key" "$base/api/v1/auth/principal" -H "X-API-Key: $secret" ;;
            baseline) RUNS=1 wrk_median "GET /api/v1/benchmark/one-round-trip with X-API-Key (baseline)" \
                "$base/api/v1/benchmark/one-round-trip" -H "X-API-Key: $secret" ;;
            read_one) RUNS=1 wrk_median "GET /api/v1/api-keys/{id} with X-API-Key" "$base/api/v1/api-keys/$key_id" -H "X-API-Key: $secret" ;;
            me) RUNS=1 wrk_median "GET /api/v1/auth/me with a JWT" "$base/api/v1/auth/me" -H "Authorization: Bearer $token" ;;
        esac
        rounds[$endpoint]+="$(median_rps),"
    done
done
python3 - <<PY
import statistics
rounds = {$(for e in health principal baseline read_one me; do printf '"%s": [%s], ' "$e" "${rounds[$e]}"; done)}
for name in rounds:
    print(f"{name}: median {statistics.median(rounds[name]):.0f} rps ({', '.join(str(r) for r in rounds[name])})")
for name in ("read_one", "me"):
    ratios = [mine / base for mine, base in zip(rounds[name], rounds["baseline"])]
    print(f"{name} against one round trip: {statistics.median(ratios):.2f} (paired {', '.join(f'{r:.2f}' for r in ratios)})")
PY
echo "server RSS after load: $(ps -o rss= -p "$BENCH_PID" | awk '{printf "%.1f MiB", $1/1024}')"
