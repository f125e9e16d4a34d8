#!/usr/bin/env bash
# Studio's figures: builds Studio.Bench in Release and runs it (see docs/benchmarks.md).
#   ./bench.sh                 SQLite, and PostgreSQL when a local initdb exists
#   ./bench.sh --moves 100     any Studio.Bench option is passed on (--help lists them)
#   ./bench.sh circuits --circuits 100,500,1000,2000
#                              the circuit benchmark: headless circuits on the board vs a minimal
#                              live page, the server in its own process (SQLite; no PostgreSQL started)
#   ./bench.sh browser [--deals 2000] [--runs N]
#                              the board in Chromium (/usr/bin/chromium): first interactive render,
#                              drag-to-landed, DOM nodes per remote move (SQLite; no PostgreSQL started)
# PostgreSQL: if STUDIO_BENCH_PG is set it is used as is; otherwise a throwaway server is
# started on 127.0.0.1 (port BENCH_PG_PORT, default 55433, or the next free one) and stopped,
# with its directory removed, when this script exits for whatever reason.
set -euo pipefail
cd "$(dirname "$0")"

PG_DIR=""
PG_PID=""
BENCH_PID=""
# The bench's own temp files (the SQLite database) go here, so that they go even if it is killed.
WORK_TMP=$(mktemp -d "${TMPDIR:-/tmp}/studio-bench.XXXXXX")

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n "$BENCH_PID" ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
        kill -TERM "$BENCH_PID" 2>/dev/null || true   # it cancels, drops its database and exits
        for _ in $(seq 1 100); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$BENCH_PID" 2>/dev/null || true
    fi
    if [[ -n "$PG_PID" ]] && kill -0 "$PG_PID" 2>/dev/null; then
        echo "bench.sh: stopping PostgreSQL (pid $PG_PID)" >&2
        kill -INT "$PG_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$PG_PID" 2>/dev/null && kill -KILL "$PG_PID" 2>/dev/null || true
    fi
    [[ -n "$PG_DIR" ]] && rm -rf "$PG_DIR"
    rm -rf "$WORK_TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Runs a command as the postgres user when we are root (initdb refuses root), else as ourselves.
as_pg_user() {
    if [[ $(id -u) -eq 0 ]]; then
        if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else
        "$@"
    fi
}

start_postgres() {
    local bin initdb
    initdb=$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
    if [[ -z "$initdb" || ! -x "$initdb" ]]; then
        echo "bench.sh: no initdb found; PostgreSQL figures skipped" >&2
        return
    fi
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "bench.sh: running as root without a postgres user; PostgreSQL figures skipped" >&2
        return
    fi
    bin=$(dirname "$initdb")
    local port=${BENCH_PG_PORT:-55433}
    while port_in_use "$port"; do port=$((port + 1)); done

    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/studio-bench-pg.XXXXXX")
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
    echo "bench.sh: starting a throwaway PostgreSQL (PostgreSQL $("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port" >&2
    as_pg_user "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
    as_pg_user "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/pg.log" -w \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
        || { cat "$PG_DIR/pg.log" >&2; exit 1; }
    PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
    export STUDIO_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=studio_bench"
}

if [[ "${1:-}" == circuits ]]; then
    # Each circuit is a socket at both ends: lift the soft limit on open files to the hard one.
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
elif [[ "${1:-}" != browser && -z "${STUDIO_BENCH_PG:-}" ]]; then
    start_postgres
fi

echo "bench.sh: building Studio.Bench (Release)" >&2
# NU1603 ("x not found, y resolved instead") comes from the central package versions, not
# from this code; it is kept out of the output so that a real warning stands out.
dotnet build Studio.Bench/Studio.Bench.csproj -c Release -nologo -v:q -warnAsMessage:NU1603 >&2

# In the background and waited for, so that a signal to this script runs the cleanup at once.
TMPDIR="$WORK_TMP" dotnet Studio.Bench/bin/Release/net10.0/Studio.Bench.dll "$@" &
BENCH_PID=$!
wait "$BENCH_PID"
