#!/usr/bin/env bash
# An authenticated GET with an API key (cache warm) against the /health ceiling, all
# measured in this run: GET /api/v1/auth/principal answers from the verified key alone, so it
# measures what authentication costs; GET /api/v1/api-keys/{id} also reads one row.
source "$(dirname "$0")/lib.sh"
build_release
start_throwaway_postgres
export TOKENLEDGER_JWT_SECRET=benchmark-secret-of-at-least-32-bytes
start_bench_server
trap 'stop_bench_server; stop_throwaway_postgres' EXIT
base="http://127.0.0.1:$BENCH_PORT"
token=$(curl -sf "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"benchmark passphrase","name":"Bench","organization_name":"Bench"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
created=$(curl -sf "$base/api/v1/api-keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"bench","permissions":["api_key:read"]}')
key_id=$(echo "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"]["id"])')
secret=$(echo "$created" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
curl -sf "$base/api/v1/api-keys/$key_id" -H "X-API-Key: $secret" >/dev/null
wrk_median "GET /health (ceiling)" "$base/health"
wrk_median "GET /api/v1/auth/principal with X-API-Key" "$base/api/v1/auth/principal" -H "X-API-Key: $secret"
wrk_median "GET /api/v1/api-keys/{id} with X-API-Key" "$base/api/v1/api-keys/$key_id" -H "X-API-Key: $secret"
wrk_median "GET /api/v1/auth/me with a JWT" "$base/api/v1/auth/me" -H "Authorization: Bearer $token"
echo "server RSS after load: $(ps -o rss= -p "$BENCH_PID" | awk '{printf "%.1f MiB", $1/1024}')"
