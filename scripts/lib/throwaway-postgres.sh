# Sourced by scripts that need a private PostgreSQL on loopback. `start_throwaway_postgres`
# creates a cluster in a temporary folder, starts it on a free port (as the `postgres` user
# when run as root: initdb refuses root), exports TEST_DATABASE_URL and arranges for the
# server to stop and the folder to go when the calling script exits, whatever its status.

postgres_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
    echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
    return 1
}

as_cluster_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- /usr/bin/env -C / "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_throwaway_postgres() {
    local bin
    bin=$(postgres_bin)
    PG_TMP=$(mktemp -d /tmp/tokenledger-test-pg.XXXXXX)
    chmod 755 "$PG_TMP"
    [ "$(id -u)" -eq 0 ] && chown postgres "$PG_TMP"
    PG_PORT=$(free_port)
    PG_BIN=$bin
    trap stop_throwaway_postgres EXIT
    as_cluster_user "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
    # Tests want speed, not durability; benchmarks set PG_DURABLE=1 for production settings
    # (fsync, synchronous_commit and full_page_writes on), since a 201 means durable.
    # max_connections covers parallel suites (each with small pools).
    local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${PG_DURABLE:-0}" = 1 ] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    as_cluster_user "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w -t 60 -o \
        "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP $durability -c max_connections=1000" \
        start >/dev/null
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
    echo "test PostgreSQL on 127.0.0.1:$PG_PORT ($PG_TMP)"
}

stop_throwaway_postgres() {
    local status=$?
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        as_cluster_user "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
    return $status
}
