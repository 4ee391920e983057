#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Starts and stops throwaway PostgreSQL 15 and MariaDB 10.11 servers on 127.0.0.1 for asql's tests
# and benchmarks, each with user asql (password asql) owning database asql_test. It never touches
# a server it did not start: it stops its own, by data directory, socket and pid file.
#
#   scripts/servers.sh start   initialise (first time) and start both, in parallel
#   scripts/servers.sh env     print ASQL_TEST_PG_URL=... and ASQL_TEST_MYSQL_URL=... lines
#   scripts/servers.sh stop    stop both, unless another live caller still uses them
#   scripts/servers.sh stop --force    stop both regardless of other callers
#   scripts/servers.sh status  say what runs where
#
# Settings (environment): ASQL_SERVERS_DIR (state, default /tmp/asql-srv-<hash of this checkout>),
# ASQL_PG_PORT (default 54329), ASQL_MYSQL_PORT (default 33069). A default port that is busy is
# replaced by the next free one; a port given explicitly must be free. Servers run with fsync off:
# fast, and not durable. Each `start` registers its caller (ASQL_SERVERS_OWNER, default the parent
# process) and each `stop` unregisters it, so overlapping runs share the servers safely; a fresh
# start also recreates asql_test empty. See /work/shared/SERVERS.md for the pitfalls handled here.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
BASE=${ASQL_SERVERS_DIR:-/tmp/asql-srv-$(printf '%s' "$here" | cksum | cut -d' ' -f1)}
PGBIN=${ASQL_PG_BIN:-/usr/lib/postgresql/15/bin}
OWNER=${ASQL_SERVERS_OWNER:-$PPID}
PG_DATA=$BASE/pg
PG_RUN=$BASE/pg-run
MY_DATA=$BASE/my
MY_RUN=$BASE/my-run
MY_SOCK=$MY_RUN/mysqld.sock
MY_PID=$MY_RUN/mysqld.pid

say() { echo "servers: $*"; }
die() { echo "servers: error: $*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# PostgreSQL refuses to run as root: run its programs as the postgres OS user, from a directory
# it can read.
as_pg() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# A daemon inherits every open descriptor: closing them (the lock above all) keeps a caller that
# reads our output through a pipe from waiting for an EOF that never comes.
close_fds() {
    local fd
    for fd in $(ls /proc/$BASHPID/fd); do
        [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done 2>/dev/null || true
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints a port for a server: the one given explicitly (which must be free), or the default or
# the next free one after it.
choose_port() {
    local given=$1 default=$2 what=$3 port
    if [ -n "$given" ]; then
        port_busy "$given" && die "$what port $given (given) is already in use"
        echo "$given"
        return
    fi
    for ((port = default; port < default + 100; port++)); do
        port_busy "$port" || { echo "$port"; return; }
    done
    die "no free $what port in $default..$((default + 99))"
}

pg_running() { [ -f "$PG_DATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

my_running() {
    local pid
    [ -f "$MY_PID" ] && pid=$(cat "$MY_PID" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
        mysqladmin --no-defaults -S "$MY_SOCK" -u root ping >/dev/null 2>&1
}

pg_sql() {
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$1" -U postgres -d postgres
}

my_sql() { mariadb --no-defaults -S "$MY_SOCK" -u root; }

pg_start() {
    local port=$1 tmp
    if [ ! -d "$PG_DATA" ]; then
        rm -rf "$BASE"/pg.init.*
        tmp=$BASE/pg.init.$$
        mkdir -m 700 "$tmp"
        is_root && chown postgres: "$tmp"
        as_pg "$PGBIN/initdb" -D "$tmp" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
            --auth-host=scram-sha-256 --no-sync >"$BASE/pg-init.log" 2>&1 ||
            { cat "$BASE/pg-init.log"; die "PostgreSQL initdb failed"; }
        cat >>"$tmp/postgresql.conf" <<EOF
# Throwaway test server (scripts/servers.sh): fast, not durable.
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
timezone = 'UTC'
EOF
        mv "$tmp" "$PG_DATA"
    fi
    mkdir -p "$PG_RUN"
    is_root && chown postgres: "$PG_RUN"
    (close_fds; as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_RUN/server.log" -w -t 60 \
        -o "-p $port -k $PG_RUN" start </dev/null >"$BASE/pg-ctl.log" 2>&1) ||
        { cat "$BASE/pg-ctl.log" "$PG_RUN/server.log" 2>/dev/null; die "PostgreSQL did not start"; }
    pg_sql "$port" >"$BASE/pg-sql.log" 2>&1 <<'EOF' || { cat "$BASE/pg-sql.log"; die "PostgreSQL setup failed"; }
SELECT 'CREATE ROLE asql LOGIN PASSWORD ''asql''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'asql') \gexec
DROP DATABASE IF EXISTS asql_test WITH (FORCE);
CREATE DATABASE asql_test OWNER asql;
EOF
    say "PostgreSQL 15 on 127.0.0.1:$port (socket dir $PG_RUN)"
}

my_start() {
    local port=$1 tmp pid i user=()
    is_root && user=(--user=root)
    if [ ! -d "$MY_DATA" ]; then
        rm -rf "$BASE"/my.init.*
        tmp=$BASE/my.init.$$
        mariadb-install-db --no-defaults "${user[@]}" --datadir="$tmp" --skip-test-db \
            --auth-root-authentication-method=normal --skip-name-resolve \
            >"$BASE/my-init.log" 2>&1 </dev/null ||
            { cat "$BASE/my-init.log"; die "mariadb-install-db failed"; }
        mv "$tmp" "$MY_DATA"
    fi
    mkdir -p "$MY_RUN"
    rm -f "$MY_SOCK" "$MY_PID"
    (close_fds; cd /; exec setsid mariadbd --no-defaults "${user[@]}" --datadir="$MY_DATA" \
        --socket="$MY_SOCK" --pid-file="$MY_PID" --port="$port" --bind-address=127.0.0.1 \
        --log-error="$MY_RUN/error.log" --character-set-server=utf8mb4 \
        --collation-server=utf8mb4_general_ci --skip-name-resolve --innodb-use-native-aio=0 \
        --innodb-flush-log-at-trx-commit=0 --default-time-zone=+00:00 --max-connections=200 \
        </dev/null >>"$MY_RUN/stdout.log" 2>&1) &
    pid=$!
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            cat "$MY_RUN/error.log" 2>/dev/null
            die "mariadbd (pid $pid) exited during start-up"
        fi
        mysqladmin --no-defaults -S "$MY_SOCK" -u root ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    [ "$i" -lt 600 ] || { cat "$MY_RUN/error.log"; die "mariadbd did not answer within 60 s"; }
    my_sql >"$BASE/my-sql.log" 2>&1 <<'EOF' || { cat "$BASE/my-sql.log"; die "MariaDB setup failed"; }
CREATE USER IF NOT EXISTS 'asql'@'localhost' IDENTIFIED BY 'asql';
CREATE USER IF NOT EXISTS 'asql'@'%' IDENTIFIED BY 'asql';
DROP DATABASE IF EXISTS asql_test;
CREATE DATABASE asql_test CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
GRANT ALL PRIVILEGES ON asql_test.* TO 'asql'@'localhost';
GRANT ALL PRIVILEGES ON asql_test.* TO 'asql'@'%';
EOF
    say "MariaDB on 127.0.0.1:$port (socket $MY_SOCK)"
}

pg_stop() {
    [ -f "$PG_DATA/postmaster.pid" ] || return 0
    if ! as_pg "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop </dev/null >/dev/null 2>&1 &&
        pg_running; then
        echo "servers: PostgreSQL in $PG_DATA did not stop" >&2
        return 1
    fi
    say "PostgreSQL stopped"
}

my_stop() {
    local pid i
    [ -f "$MY_PID" ] && pid=$(cat "$MY_PID" 2>/dev/null) && [ -n "$pid" ] || return 0
    mysqladmin --no-defaults -S "$MY_SOCK" -u root shutdown >/dev/null 2>&1 || true
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    # Still alive: signal it, but only if that pid is still our server (its command line names
    # our data directory).
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$MY_DATA"; then
        kill -TERM "$pid"
        sleep 2
    fi
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$MY_DATA"; then
        echo "servers: mariadbd (pid $pid) did not stop" >&2
        return 1
    fi
    rm -f "$MY_PID"
    say "MariaDB stopped"
}

# The callers using the servers are files in $BASE/users named by pid; dead ones are dropped.
live_users() {
    local f
    for f in "$BASE"/users/*; do
        [ -e "$f" ] || continue
        if kill -0 "${f##*/}" 2>/dev/null; then echo "${f##*/}"; else rm -f "$f"; fi
    done
}

lock() {
    mkdir -p "$BASE"
    chmod 755 "$BASE"
    exec 9>"$BASE/lock"
    flock -w 300 9 || die "could not lock $BASE/lock within 300 s"
}

cmd_start() {
    local pg_port my_port pg_status=0 my_status=0 pg_pid my_pid
    lock
    mkdir -p "$BASE/users"
    touch "$BASE/users/$OWNER"
    if is_root && ! runuser -u postgres -- test -x "$BASE"; then
        die "$BASE is not traversable by the postgres user (chmod 755 its parents)"
    fi
    if pg_running && my_running; then
        # shellcheck disable=SC1091
        . "$BASE/ports"
        [ -z "${ASQL_PG_PORT:-}" ] || [ "$ASQL_PG_PORT" = "$PG_PORT" ] ||
            die "PostgreSQL already runs on port $PG_PORT, not $ASQL_PG_PORT: stop it first"
        [ -z "${ASQL_MYSQL_PORT:-}" ] || [ "$ASQL_MYSQL_PORT" = "$MY_PORT" ] ||
            die "MariaDB already runs on port $MY_PORT, not $ASQL_MYSQL_PORT: stop it first"
        say "already running (PostgreSQL 127.0.0.1:$PG_PORT, MariaDB 127.0.0.1:$MY_PORT)"
        return 0
    fi
    # One may run without the other after a crash: start both afresh.
    pg_stop || true
    my_stop || true
    pg_port=$(choose_port "${ASQL_PG_PORT:-}" 54329 PostgreSQL)
    my_port=$(choose_port "${ASQL_MYSQL_PORT:-}" 33069 MariaDB)
    printf 'PG_PORT=%s\nMY_PORT=%s\n' "$pg_port" "$my_port" >"$BASE/ports"

    pg_start "$pg_port" &
    pg_pid=$!
    my_start "$my_port" &
    my_pid=$!
    wait "$pg_pid" || pg_status=$?
    wait "$my_pid" || my_status=$?
    if [ "$pg_status" -ne 0 ] || [ "$my_status" -ne 0 ]; then
        rm -f "$BASE/users/$OWNER"
        [ -n "$(live_users)" ] || { pg_stop || true; my_stop || true; }
        die "start failed"
    fi
}

cmd_stop() {
    local users
    lock
    rm -f "$BASE/users/$OWNER"
    users=$(live_users)
    if [ -n "$users" ] && [ "${1:-}" != --force ]; then
        say "still used by pid(s) $(echo $users); not stopping (stop --force to stop anyway)"
        return 0
    fi
    rm -f "$BASE"/users/*
    local status=0
    pg_stop || status=1
    my_stop || status=1
    return $status
}

cmd_env() {
    [ -f "$BASE/ports" ] || die "not started (run scripts/servers.sh start)"
    # shellcheck disable=SC1091
    . "$BASE/ports"
    echo "ASQL_TEST_PG_URL=postgresql://asql:asql@127.0.0.1:$PG_PORT/asql_test"
    echo "ASQL_TEST_MYSQL_URL=mysql://asql:asql@127.0.0.1:$MY_PORT/asql_test"
}

cmd_status() {
    local status=0
    [ -f "$BASE/ports" ] && . "$BASE/ports"
    if pg_running; then say "PostgreSQL runs on 127.0.0.1:${PG_PORT:-?} ($PG_DATA)"; else say "PostgreSQL is stopped"; status=1; fi
    if my_running; then say "MariaDB runs on 127.0.0.1:${MY_PORT:-?} ($MY_DATA)"; else say "MariaDB is stopped"; status=1; fi
    return $status
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop "${2:-}" ;;
env) cmd_env ;;
status) cmd_status ;;
*)
    echo "usage: $0 start|stop [--force]|env|status" >&2
    exit 2
    ;;
esac
