#!/bin/bash
# Deployment and real-integration tests (issue 6), for .ci/run:
#   modwsgi   real Apache httpd + mod_wsgi with etc/apache2/*.conf
#   uwsgi     etc/placement/placement-uwsgi.ini, concurrent start
#   devstack  the devstack plugin's configuration functions, shellcheck
#   keystone  tools/keystone-test.sh: real Keystone, policy, openstack CLI
# Usage: tools/deploy-tests.sh [VENV] [SUITE...]   (all four by default)
#
# VENV is the virtualenv placement is installed in (.ci/run passes
# .tox/py3); without it PLACEMENT_PYTHON names the interpreter (default:
# python3 on PATH). Debian packages and the Python tools missing on a new
# machine are installed first; the virtualenvs of Apache and Keystone are
# kept in PLACEMENT_DEPLOY_CACHE (/var/tmp/placement-deploy) for the next
# run. Prints "N passed, M failed" over all checks; exits 1 on any fail.

set -u
TOP_DIR=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -gt 0 ] && [ -d "$1" ]; then
    PLACEMENT_PYTHON=$(cd "$1" && pwd)/bin/python
    shift
fi
export PLACEMENT_PYTHON=${PLACEMENT_PYTHON:-$(command -v python3)}
DEBIAN_PACKAGES=(apache2 apache2-dev shellcheck python3-dev python3-venv
                 curl gcc)
DEPLOY_RESULTS=$(mktemp)
export DEPLOY_RESULTS
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(modwsgi uwsgi devstack keystone)

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
    local missing=() pkg
    for pkg in "${DEBIAN_PACKAGES[@]}"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]}"
    as_root apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            "${missing[@]}" >/dev/null
}

install_python_tools() {
    local bin
    bin=$(dirname "$PLACEMENT_PYTHON")
    "$PLACEMENT_PYTHON" -I -c 'import placement' || return 1
    [ -x "$bin/uwsgi" ] && [ -x "$bin/gabbi-run" ] && return 0
    "$PLACEMENT_PYTHON" -m pip install -q uwsgi gabbi
}

start=$SECONDS
if ! install_debian_packages || ! install_python_tools; then
    echo "deploy-tests: cannot install the tools the tests need" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
echo "deploy-tests: tools ready in $((SECONDS - start))s"

for suite in "${SUITES[@]}"; do
    case $suite in
        keystone) script=$TOP_DIR/tools/keystone-test.sh ;;
        *) script=$TOP_DIR/tools/deploy/$suite.sh ;;
    esac
    suite_start=$SECONDS
    before=$(wc -l <"$DEPLOY_RESULTS")
    echo "=== $suite"
    bash "$script"
    rc=$?
    if [ $rc -ne 0 ] &&
        ! tail -n +$((before + 1)) "$DEPLOY_RESULTS" | grep -q '^FAIL'; then
        echo "FAIL $suite: script exited $rc" >>"$DEPLOY_RESULTS"
    fi
    echo "=== $suite took $((SECONDS - suite_start))s"
done

echo "=== deploy-tests took $((SECONDS - start))s; failed checks:"
grep '^FAIL' "$DEPLOY_RESULTS"
passed=$(grep -c '^PASS' "$DEPLOY_RESULTS")
failed=$(grep -c '^FAIL' "$DEPLOY_RESULTS")
rm -f "$DEPLOY_RESULTS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
