#!/usr/bin/env bash
# Sign-ins hash passwords with argon2 on threads of their own (PasswordHasher): a light probe
# of GET /health, alone and while clients sign in without a pause, should see no difference
# beyond the machine's cores being shared. WORKERS (default 8) clients, DURATION seconds each.
source "$(dirname "$0")/lib.sh"
bench_serve
bench_owner_token "$base" >/dev/null
python3 Benchmarks/sign_in_isolation.py "$base" bench@example.com "benchmark passphrase" "${WORKERS:-8}" "${DURATION%s}"
