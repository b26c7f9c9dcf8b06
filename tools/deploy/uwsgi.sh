#!/bin/bash
# Serve placement under uWSGI with etc/placement/placement-uwsgi.ini:
# two uWSGI servers of 2 processes x 2 threads each start at the same
# time on a new SQLite file database with sync_on_startup = True. Every
# worker builds the application (and so migrates) at once; none may crash
# and both servers must serve. Needs uwsgi in PLACEMENT_PYTHON's env.

set -u
# shellcheck source=tools/deploy/lib.sh
source "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d /tmp/placement-uwsgi.XXXXXX)
DB=$WORK/placement.sqlite
write_placement_conf "$WORK/etc" "sqlite:///$DB"

cleanup() {
    stop_pid "$WORK/a.pid"
    stop_pid "$WORK/b.pid"
    # Kept for a look when a check failed.
    any_failed || rm -rf "$WORK"
}
trap cleanup EXIT

# start NAME PORT: one uwsgi server from the sample ini, in the background.
start() {
    local name=$1 port=$2
    sed -e "s|^http-socket = .*|http-socket = 127.0.0.1:$port|" \
        "$TOP_DIR/etc/placement/placement-uwsgi.ini" >"$WORK/$name.ini"
    OS_PLACEMENT_CONFIG_DIR=$WORK/etc "$PLACEMENT_BIN/uwsgi" \
        --ini "$WORK/$name.ini" --pidfile "$WORK/$name.pid" \
        >"$WORK/$name.log" 2>&1 &
}

# workers_ready LOG: both workers of the server built the application
# (within a minute).
workers_ready() {
    for _ in $(seq 60); do
        if [ "$(grep -c "WSGI app 0 (mountpoint='') ready" "$1")" = 2 ]; then
            return 0
        fi
        sleep 1
    done
    return 1
}

# no_crash LOG: no worker died and no application failed to start.
no_crash() {
    ! grep -E "DAMN ! worker|cannot start|Traceback|no app loaded" "$1"
}

# all_ok URL N: N concurrent requests of URL all answer 200.
all_ok() {
    local url=$1 n=$2 codes
    codes=$(seq "$n" | xargs -P "$n" -I{} curl -s -o /dev/null \
        -w '%{http_code}\n' --max-time 30 -H 'x-auth-token: admin' \
        -H 'openstack-api-version: placement latest' "$url" |
        sort | uniq -c)
    echo "$codes"
    [ "$(echo "$codes" | awk '{print $2}')" = 200 ]
}

schema_ready() {
    "$PLACEMENT_PYTHON" - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
version = db.execute('SELECT version_num FROM alembic_version').fetchall()
traits = db.execute('SELECT count(*) FROM traits').fetchone()[0]
print('schema %s, %d traits' % (version, traits))
sys.exit(not (len(version) == 1 and traits > 0))
PY
}

PORT_A=$(free_port)
PORT_B=$(free_port)
start a "$PORT_A"
start b "$PORT_B"
for name_port in "a $PORT_A" "b $PORT_B"; do
    read -r name port <<<"$name_port"
    url=http://127.0.0.1:$port
    check "uwsgi $name: serves / after a concurrent start" \
        wait_for_url "$url/" 120
    check "uwsgi $name: both workers built the application" \
        workers_ready "$WORK/$name.log"
    check "uwsgi $name: 20 concurrent requests all 200" all_ok "$url/" 20
    check "uwsgi $name: 20 concurrent DB requests all 200" \
        all_ok "$url/traits?name=startswith:HW_CPU_X86_AVX" 20
    check "uwsgi $name: no worker crashed" no_crash "$WORK/$name.log"
done
check "uwsgi: one schema migrated and standard traits synced" schema_ready
if any_failed; then
    grep -E -B2 -A20 "DAMN|ERROR|CRITICAL|Traceback|cannot" \
        "$WORK"/a.log "$WORK"/b.log | head -n 200
fi
finish uwsgi
