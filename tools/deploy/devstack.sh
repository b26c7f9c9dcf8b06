#!/bin/bash
# Configuration test of the devstack plugin: source devstack/settings and
# devstack/plugin.sh in a subshell with stand-ins for the devstack
# helpers they call, run the phases against a temporary directory, and
# check the files written and the helper calls made. Also lints the
# plugin with shellcheck.

set -u
# shellcheck source=tools/deploy/lib.sh
source "$(dirname "$0")/lib.sh"

WORK=$(mktemp -d /tmp/placement-devstack.XXXXXX)
CALLS=$WORK/calls
# Kept for a look when a check failed.
trap 'any_failed || rm -rf "$WORK"' EXIT

# run_phases DEPLOY PHASE...: each "phase" is "ARG1 ARG2" of plugin.sh.
# Writes the helper calls to $CALLS.DEPLOY and files under $WORK/DEPLOY.
run_phases() (
    local deploy=$1
    shift
    local root=$WORK/$deploy
    mkdir -p "$root/apache"
    : >"$CALLS.$deploy"
    # devstack's globals.
    DEST=$root PLACEMENT_DIR=$TOP_DIR PLACEMENT_CONF_DIR=$root/etc/placement
    SERVICE_PROTOCOL=http SERVICE_HOST=192.0.2.10 REGION_NAME=RegionOne
    STACK_USER=$(id -un) ENABLE_DEBUG_LOG_LEVEL=True SERVICE_TIMEOUT=60
    PLACEMENT_DEPLOY=$deploy PYTHON=$PLACEMENT_PYTHON PATH=$PLACEMENT_BIN:$PATH
    # Stand-ins for devstack's helpers: record the call, act minimally.
    called() { echo "$*" >>"$CALLS.$deploy"; }
    iniset() {
        "$PLACEMENT_PYTHON" - "$@" <<'PY'
import configparser, sys
path, section, option, value = sys.argv[1:]
parser = configparser.RawConfigParser()
parser.optionxform = str
parser.read(path)
if section != 'DEFAULT' and not parser.has_section(section):
    parser.add_section(section)
parser.set(section, option, value)
with open(path, 'w') as f:
    parser.write(f)
PY
    }
    enable_service() { called enable_service "$@"; }
    is_service_enabled() { called is_service_enabled "$@"; }
    echo_summary() { :; }
    sudo() { "$@"; }
    database_connection_url() {
        echo "mysql+pymysql://root:pw@127.0.0.1/$1?charset=utf8"
    }
    configure_keystone_authtoken_middleware() {
        called configure_keystone_authtoken_middleware "$@"
        iniset "$1" keystone_authtoken username "$2"
    }
    apache_site_config_for() { echo "$root/apache/$1.conf"; }
    for helper in setup_develop install_apache_wsgi recreate_database \
        create_service_user get_or_create_service get_or_create_endpoint \
        write_uwsgi_config remove_uwsgi_config run_process stop_process \
        enable_apache_site disable_apache_site restart_apache_server \
        wait_for_service placement-manage die; do
        eval "$helper() { called $helper \"\$@\"; }"
    done
    # shellcheck source=devstack/settings
    source "$TOP_DIR/devstack/settings"
    for phase in "$@"; do
        # shellcheck disable=SC2086 # the phase is two words
        set -- $phase
        # shellcheck source=devstack/plugin.sh
        source "$TOP_DIR/devstack/plugin.sh"
    done
)

# ini_is FILE SECTION OPTION VALUE
ini_is() {
    "$PLACEMENT_PYTHON" - "$@" <<'PY'
import configparser, sys
path, section, option, value = sys.argv[1:]
parser = configparser.RawConfigParser()
parser.read(path)
got = parser.get(section, option, fallback=None)
if got != value:
    sys.exit('%s [%s]%s is %r, not %r' % (path, section, option, got, value))
PY
}

called_with() {
    grep -qxF -- "$2" "$CALLS.$1" || { echo "no call '$2' in:"; cat "$CALLS.$1"; return 1; }
}

check "devstack: plugin is shellcheck-clean" \
    shellcheck -x "$TOP_DIR/devstack/plugin.sh" \
    "$TOP_DIR/devstack/lib/placement" "$TOP_DIR/devstack/settings"

cd "$TOP_DIR" || exit 1
PHASES=("stack install" "stack post-config" "stack extra" "unstack" "clean")
for deploy in uwsgi mod_wsgi; do
    conf=$WORK/$deploy/etc/placement/placement.conf
    check "devstack $deploy: phases run" run_phases "$deploy" "${PHASES[@]}"
    check "devstack $deploy: database connection" ini_is "$conf" \
        placement_database connection \
        'mysql+pymysql://root:pw@127.0.0.1/placement?charset=utf8'
    check "devstack $deploy: keystone auth" ini_is "$conf" \
        api auth_strategy keystone
    check "devstack $deploy: authtoken section" ini_is "$conf" \
        keystone_authtoken username placement
    check "devstack $deploy: new policy defaults" ini_is "$conf" \
        oslo_policy enforce_new_defaults True
    check "devstack $deploy: installed" called_with "$deploy" \
        "setup_develop $TOP_DIR"
    check "devstack $deploy: database created and migrated" called_with \
        "$deploy" "recreate_database placement"
    check "devstack $deploy: schema synced" called_with "$deploy" \
        "placement-manage --config-file $conf db sync"
    check "devstack $deploy: service user" called_with "$deploy" \
        "create_service_user placement admin"
    check "devstack $deploy: catalog endpoint" called_with "$deploy" \
        "get_or_create_endpoint placement RegionOne http://192.0.2.10/placement"
    check "devstack $deploy: waits for the API" called_with "$deploy" \
        "wait_for_service 60 http://192.0.2.10/placement"
done
check "devstack uwsgi: uwsgi config written" called_with uwsgi \
    "write_uwsgi_config $WORK/uwsgi/etc/placement/placement-uwsgi.ini placement.wsgi.api:application /placement  placement-api"
check "devstack uwsgi: started under uwsgi" grep -q \
    "^run_process placement-api .*uwsgi --procname-prefix placement --ini $WORK/uwsgi/etc/placement/placement-uwsgi.ini$" \
    "$CALLS.uwsgi"
check "devstack uwsgi: stopped" called_with uwsgi "stop_process placement-api"
SITE=$WORK/mod_wsgi/apache/placement-api.conf
check "devstack mod_wsgi: site removed by clean" test ! -e "$SITE"
check "devstack mod_wsgi: site enabled" called_with mod_wsgi \
    "enable_apache_site placement-api"
check "devstack mod_wsgi: site disabled by unstack" called_with mod_wsgi \
    "disable_apache_site placement-api"
# The site as written by post-config, before clean removes it.
check "devstack mod_wsgi: site written" run_phases mod_wsgi \
    "stack post-config"
check "devstack mod_wsgi: site points at the package" grep -qx \
    "Define PLACEMENT_WSGI_DIR $("$PLACEMENT_PYTHON" -I -c \
    'import os, placement; print(os.path.join(placement.__path__[0], "wsgi"))')" \
    "$SITE"
# shellcheck disable=SC2016 # a literal Apache variable
check "devstack mod_wsgi: site mounts /placement" grep -q \
    '^WSGIScriptAlias /placement ${PLACEMENT_WSGI_DIR}/api.py' "$SITE"
check "devstack mod_wsgi: daemon runs as the stack user" grep -q \
    "user=$(id -un) group=$(id -un)" "$SITE"
finish devstack
