#!/bin/bash
# Placement against a real Keystone (issue 6, item 4).
#
# Keystone (from PyPI, in its own virtualenv under $DEPLOY_CACHE, kept
# between runs) runs on loopback (tools/deploy/serve_keystone.py) with
# SQLite and fernet tokens, bootstrapped with an admin, a service user
# "placement" with only the "service" role, a member and a reader of project "demo". Placement
# runs under uwsgi with auth_strategy = keystone, once with the new policy
# defaults and once in legacy mode. Checks the status of each request, an
# osc-placement operator scenario and an openstacksdk one
# (tools/deploy/sdk_scenario.py) through the service catalog. Every
# wrong status, body or header is a FAIL.

set -u
# shellcheck source=tools/deploy/lib.sh
source "$(dirname "$0")/deploy/lib.sh"

KS_VENV=$DEPLOY_CACHE/keystone-venv
KS_BIN=$KS_VENV/bin
WORK=$(mktemp -d /tmp/placement-keystone.XXXXXX)
KS_PORT=$(free_port)
PL_PORT=$(free_port)
KS_URL=http://127.0.0.1:$KS_PORT/v3
PL_URL=http://127.0.0.1:$PL_PORT
PASSWORD=secret-$RANDOM

cleanup() {
    stop_pid "$WORK/keystone.pid"
    stop_pid "$WORK/placement.pid"
    # Kept for a look when a check failed.
    any_failed || rm -rf "$WORK"
}
trap cleanup EXIT

install_keystone() {
    local start=$SECONDS
    ensure_venv "$KS_VENV" "${KEYSTONE_BASE_PYTHON:-python3}" \
        keystone python-openstackclient osc-placement || return 1
    echo "keystone virtualenv ready in $((SECONDS - start))s"
}

start_keystone() {
    local conf=$WORK/keystone/keystone.conf
    mkdir -p "$WORK/keystone"
    cat >"$conf" <<INI
[database]
connection = sqlite:///$WORK/keystone/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = $WORK/keystone/fernet-keys
[fernet_receipts]
key_repository = $WORK/keystone/fernet-receipts
[credential]
key_repository = $WORK/keystone/credential-keys
INI
    manage() {
        "$KS_BIN/keystone-manage" --config-file "$conf" "$@" \
            >>"$WORK/keystone-manage.log" 2>&1
    }
    manage db_sync &&
        manage fernet_setup --keystone-user "$(id -un)" \
            --keystone-group "$(id -gn)" &&
        manage credential_setup --keystone-user "$(id -un)" \
            --keystone-group "$(id -gn)" &&
        manage bootstrap --bootstrap-password "$PASSWORD" \
            --bootstrap-admin-url "$KS_URL" \
            --bootstrap-public-url "$KS_URL" \
            --bootstrap-internal-url "$KS_URL" \
            --bootstrap-region-id RegionOne || return 1
    OS_KEYSTONE_CONFIG_DIR=$WORK/keystone \
        OS_KEYSTONE_CONFIG_FILES=keystone.conf \
        "$KS_BIN/python" "$TOP_DIR/tools/deploy/serve_keystone.py" \
        "$KS_PORT" >"$WORK/keystone.log" 2>&1 &
    echo $! >"$WORK/keystone.pid"
    wait_for_url "$KS_URL" 120
}

# as_user USER PROJECT COMMAND...: COMMAND with the OS_* password
# credentials of USER in PROJECT (the CLI and openstacksdk read them).
as_user() {
    local user=$1 project=$2
    shift 2
    OS_AUTH_URL=$KS_URL OS_IDENTITY_API_VERSION=3 OS_USERNAME=$user \
        OS_PASSWORD=$PASSWORD OS_PROJECT_NAME=$project \
        OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
        OS_REGION_NAME=RegionOne "$@"
}

# os USER PROJECT ARGS...: the openstack CLI as USER of PROJECT.
os() {
    local user=$1 project=$2
    shift 2
    as_user "$user" "$project" "$KS_BIN/openstack" "$@"
}

admin() {
    os admin admin "$@"
}

create_accounts() {
    admin project create --domain default service >/dev/null &&
        admin project create --domain default demo >/dev/null &&
        { admin role show service >/dev/null 2>&1 ||
            admin role create service >/dev/null; } &&
        admin user create --domain default --password "$PASSWORD" \
            placement >/dev/null &&
        admin role add --project service --user placement service &&
        admin user create --domain default --password "$PASSWORD" \
            demo-member >/dev/null &&
        admin role add --project demo --user demo-member member &&
        admin user create --domain default --password "$PASSWORD" \
            demo-reader >/dev/null &&
        admin role add --project demo --user demo-reader reader &&
        admin service create --name placement placement >/dev/null &&
        admin endpoint create --region RegionOne placement public \
            "$PL_URL" >/dev/null &&
        admin endpoint create --region RegionOne placement internal \
            "$PL_URL" >/dev/null
}

# start_placement NEW_DEFAULTS: placement under uwsgi with keystone auth.
start_placement() {
    local new_defaults=$1 conf_dir=$WORK/placement-$1
    stop_pid "$WORK/placement.pid"
    AUTH_STRATEGY=keystone write_placement_conf "$conf_dir" \
        "sqlite:///$WORK/placement.sqlite" \
        '[oslo_policy]' "enforce_new_defaults = $new_defaults" \
        '[keystone_authtoken]' "www_authenticate_uri = $KS_URL" \
        "auth_url = $KS_URL" 'auth_type = password' \
        'user_domain_name = Default' 'project_domain_name = Default' \
        'project_name = service' 'username = placement' \
        "password = $PASSWORD"
    sed -e "s|^http-socket = .*|http-socket = 127.0.0.1:$PL_PORT|" \
        "$TOP_DIR/etc/placement/placement-uwsgi.ini" >"$WORK/uwsgi.ini"
    OS_PLACEMENT_CONFIG_DIR=$conf_dir "$PLACEMENT_BIN/uwsgi" \
        --ini "$WORK/uwsgi.ini" --pidfile "$WORK/placement.pid" \
        >>"$WORK/placement.log" 2>&1 &
    wait_for_url "$PL_URL/" 120
}

token_of() {
    os "$1" "$2" token issue -f value -c id
}

# expect NAME STATUS PATH [TOKEN [PATTERN]]: GET PATH answers STATUS and
# its headers and body (as curl -i prints them) match the grep -E PATTERN.
expect() {
    local name=$1 want=$2 path=$3 token=${4:-} pattern=${5:-} out got
    local args=(-s -i --max-time 30
                -H 'openstack-api-version: placement latest')
    if [ -n "$token" ]; then
        args+=(-H "x-auth-token: $token")
    fi
    out=$(curl "${args[@]}" "$PL_URL$path" | tr -d '\r')
    got=$(head -n 1 <<<"$out" | cut -d' ' -f2)
    if [ "$got" != "$want" ]; then
        record FAIL "$name: wanted $want, got $got"
    elif [ -n "$pattern" ] && ! grep -qiE -- "$pattern" <<<"$out"; then
        record FAIL "$name: no /$pattern/ in: $out"
    else
        record PASS "$name ($want)"
    fi
}

# auth_checks MODE: the statuses the default policy gives in MODE.
auth_checks() {
    local mode=$1 demo_id denied_list denied_usages
    demo_id=$(admin project show demo -f value -c id)
    denied_list='Policy does not allow placement:resource_providers:list'
    denied_usages='Policy does not allow placement:usages'
    expect "$mode: / without a token" 200 / '' '"max_version": "1\.39"'
    expect "$mode: API without a token" 401 /resource_providers '' \
        "^www-authenticate: Keystone uri=\"$KS_URL\""
    expect "$mode: API with an invalid token" 401 /resource_providers \
        not-a-token "^www-authenticate: Keystone uri="
    expect "$mode: admin lists providers" 200 /resource_providers \
        "$ADMIN_TOKEN" '"resource_providers": \['
    expect "$mode: service user lists providers" 200 /resource_providers \
        "$SERVICE_TOKEN" '"resource_providers": \['
    expect "$mode: member may not list providers" 403 \
        /resource_providers "$MEMBER_TOKEN" "$denied_list"
    expect "$mode: reader may not list providers" 403 \
        /resource_providers "$READER_TOKEN" "$denied_list"
    expect "$mode: reader sees its project's usages" 200 \
        "/usages?project_id=$demo_id" "$READER_TOKEN" '"usages": \{'
    expect "$mode: member (implied reader) sees its project's usages" 200 \
        "/usages?project_id=$demo_id" "$MEMBER_TOKEN" '"usages": \{'
    expect "$mode: reader may not see another project's usages" 403 \
        "/usages?project_id=$(new_uuid)" "$READER_TOKEN" "$denied_usages"
    expect "$mode: service user sees any project's usages" 200 \
        "/usages?project_id=$(new_uuid)" "$SERVICE_TOKEN" '"usages": \{'
}

# The openstack CLI with osc-placement, password auth through the catalog.
operator_scenario() {
    local uuid out
    uuid=$(admin resource provider create deploy-rp -f value -c uuid) &&
        [ -n "$uuid" ] || return 1
    admin resource provider inventory set "$uuid" --resource VCPU=8 \
        --resource MEMORY_MB=4096 >/dev/null || return 1
    out=$(admin resource provider list -f value -c uuid -c name)
    grep -q "^$uuid deploy-rp$" <<<"$out" || { echo "list: $out"; return 1; }
    out=$(admin resource provider inventory list "$uuid" -f value \
        -c resource_class -c total)
    grep -q '^VCPU 8$' <<<"$out" || { echo "inventory: $out"; return 1; }
    out=$(admin resource provider usage show "$uuid" -f value)
    [ "$(sort <<<"$out")" = "$(printf 'MEMORY_MB 0\nVCPU 0')" ] ||
        { echo "usages: $out"; return 1; }
    admin resource provider delete "$uuid" || return 1
    ! admin resource provider show "$uuid" >/dev/null 2>&1
}

if ! check "keystone: virtualenv with keystone and the CLI" install_keystone ||
    ! check "keystone: starts on $KS_URL" start_keystone ||
    ! check "keystone: projects, users, roles and catalog" create_accounts; then
    tail -n 30 "$WORK/keystone.log"
    exit 1
fi
ADMIN_TOKEN=$(token_of admin admin)
SERVICE_TOKEN=$(token_of placement service)
MEMBER_TOKEN=$(token_of demo-member demo)
READER_TOKEN=$(token_of demo-reader demo)

for new_defaults in True False; do
    mode="new defaults"
    [ "$new_defaults" = True ] || mode="legacy"
    if ! check "placement ($mode) starts with keystone auth" \
        start_placement "$new_defaults"; then
        continue
    fi
    auth_checks "$mode"
    check "$mode: osc-placement operator scenario" operator_scenario
    check "$mode: openstacksdk scenario (service user)" \
        as_user placement service "$KS_BIN/python" \
        "$TOP_DIR/tools/deploy/sdk_scenario.py" "$new_defaults"
done
if any_failed; then
    grep -E -A10 "ERROR|CRITICAL|Traceback" "$WORK/placement.log" |
        head -n 80
fi
finish keystone
