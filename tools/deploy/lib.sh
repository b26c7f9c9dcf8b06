# shellcheck shell=bash
# Helpers shared by the deployment tests in tools/deploy/. Source it.
#
# Each check appends "PASS name" or "FAIL name" to $DEPLOY_RESULTS, which
# tools/deploy-tests.sh counts. PLACEMENT_PYTHON is the interpreter that
# placement is installed in (its bin/ holds gabbi-run, uwsgi, ...).

TOP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GABBITS_DIR=$TOP_DIR/placement/tests/deploy/gabbits
PLACEMENT_PYTHON=${PLACEMENT_PYTHON:-$(command -v python3)}
PLACEMENT_BIN=$(dirname "$PLACEMENT_PYTHON")
DEPLOY_RESULTS=${DEPLOY_RESULTS:-$(mktemp)}
export DEPLOY_RESULTS
# Checks recorded before the sourcing script started.
_RESULTS_BEFORE=$(wc -l <"$DEPLOY_RESULTS")

# any_failed: whether a check of this script failed.
any_failed() {
    tail -n +$((_RESULTS_BEFORE + 1)) "$DEPLOY_RESULTS" | grep -q '^FAIL'
}

record() {
    local status=$1 name=$2
    echo "$status $name" >>"$DEPLOY_RESULTS"
    echo "$status: $name"
}

# check NAME COMMAND...: run COMMAND, record whether it succeeded.
check() {
    local name=$1
    shift
    if "$@"; then
        record PASS "$name"
    else
        record FAIL "$name"
    fi
}

new_uuid() {
    "$PLACEMENT_PYTHON" -c 'import uuid; print(uuid.uuid4())'
}

free_port() {
    "$PLACEMENT_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# http_status URL [CURL ARGS...]: the status code of a GET (000 when down).
http_status() {
    local url=$1
    shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" "$url"
}

# wait_for_url URL SECONDS: wait until URL answers 200.
wait_for_url() {
    local url=$1 deadline=$((SECONDS + $2))
    while [ $SECONDS -lt "$deadline" ]; do
        if [ "$(http_status "$url")" = 200 ]; then
            return 0
        fi
        sleep 1
    done
    echo "no answer from $url" >&2
    return 1
}

# write_placement_conf DIR DB_URL [INI LINES...]: DIR/placement.conf with
# the given database and $AUTH_STRATEGY (noauth2 by default); extra lines
# are appended verbatim.
write_placement_conf() {
    local dir=$1 db_url=$2
    shift 2
    mkdir -p "$dir"
    {
        printf '[DEFAULT]\ndebug = True\n'
        printf '[api]\nauth_strategy = %s\n' "${AUTH_STRATEGY:-noauth2}"
        printf '[placement_database]\nconnection = %s\n' "$db_url"
        printf 'sync_on_startup = True\n'
        printf '%s\n' "$@"
    } >"$dir/placement.conf"
}

# run_gabbi NAME URL PREFIX YAML: run one smoke suite against URL.
run_gabbi() {
    local name=$1 url=$2 prefix=$3 yaml=$4
    check "$name" env PREFIX="$prefix" BASE_URL="$url" RP_UUID="$(new_uuid)" \
        TOKEN="${TOKEN:-admin}" \
        "$PLACEMENT_BIN/gabbi-run" "$url" -- "$GABBITS_DIR/$yaml"
}

# stop_pid PIDFILE: stop the process whose id the file holds, and wait.
stop_pid() {
    local pidfile=$1 pid
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 30); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 1
    done
    kill -9 "$pid" 2>/dev/null || true
}

export DEPLOY_CACHE=${PLACEMENT_DEPLOY_CACHE:-/var/tmp/placement-deploy}

# ensure_venv DIR BASE_PYTHON PIP_ARGS...: a virtualenv at DIR made by
# BASE_PYTHON with PIP_ARGS installed. It is kept between runs and
# re-installed only when PIP_ARGS (or the requirements files they name)
# change, so CI does not pay for the install every time.
ensure_venv() {
    local dir=$1 base=$2 stamp start
    shift 2
    stamp=$(printf '%s\n' "$@" | cat - "$TOP_DIR/requirements.txt" \
        | sha256sum | cut -d' ' -f1)
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$stamp" ]; then
        return 0
    fi
    start=$SECONDS
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    "$base" -m venv "$dir" &&
        "$dir/bin/pip" install -q --upgrade pip >&2 &&
        "$dir/bin/pip" install -q "$@" >&2 &&
        echo "$stamp" >"$dir/.stamp" || return 1
    echo "built $dir in $((SECONDS - start))s" >&2
}

# install_placement PYTHON: install this checkout (not editable) into the
# environment of PYTHON, as a deployment would.
install_placement() {
    PBR_VERSION=${PBR_VERSION:-0.0.0} "$(dirname "$1")/pip" install -q \
        --no-deps --force-reinstall "$TOP_DIR" >"$DEPLOY_CACHE/install.log" 2>&1
}

# finish SUITE: print this script's count of checks and exit 1 if any
# of them failed.
finish() {
    local mine
    mine=$(tail -n +$((_RESULTS_BEFORE + 1)) "$DEPLOY_RESULTS")
    echo "$1: $(grep -c '^PASS' <<<"$mine") passed, $(grep -c '^FAIL' <<<"$mine") failed"
    ! any_failed
}
