#!/bin/bash
# Serve placement under real Apache httpd with mod_wsgi, using the sample
# site configs of etc/apache2/, and run the gabbi smoke suites over HTTP:
#   * etc/apache2/placement-api.conf at the root of its own port, proxy
#     header parsing off (X-Forwarded-* ignored);
#   * etc/apache2/placement-api-prefix.conf under /placement, proxy
#     header parsing on (X-Forwarded-* honoured).
# Apache's children and the mod_wsgi daemons run as www-data when this
# runs as root, so placement is installed (not editable, from this
# checkout) with mod_wsgi into a virtualenv of the system Python under
# $DEPLOY_CACHE, which www-data can read. Needs Debian's apache2,
# apache2-dev and python3-dev.

set -u
# shellcheck source=tools/deploy/lib.sh
source "$(dirname "$0")/lib.sh"

APACHE_MODULES=/usr/lib/apache2/modules
APACHE_VENV=$DEPLOY_CACHE/apache-venv
# No wheel cache: a cached mod_wsgi wheel may be linked to another Python.
if ! ensure_venv "$APACHE_VENV" /usr/bin/python3 --no-cache-dir \
        -r "$TOP_DIR/requirements.txt" mod_wsgi gabbi ||
        ! install_placement "$APACHE_VENV/bin/python"; then
    record FAIL "mod_wsgi: install placement and mod_wsgi in $APACHE_VENV"
    exit 1
fi
PLACEMENT_PYTHON=$APACHE_VENV/bin/python
PLACEMENT_BIN=$APACHE_VENV/bin
WORK=$(mktemp -d /tmp/placement-modwsgi.XXXXXX)
chmod 755 "$WORK"
WSGI_DIR=$("$PLACEMENT_PYTHON" -I -c \
    'import os, placement; print(os.path.join(placement.__path__[0], "wsgi"))')
PYTHON_HOME=$("$PLACEMENT_PYTHON" -c 'import sys; print(sys.prefix)')
RUN_USER=
if [ "$(id -u)" = 0 ]; then
    # Apache will not run its children as root.
    RUN_USER=www-data
fi

# site_conf SAMPLE PORT DIR: the sample with this test's paths and port.
site_conf() {
    local sample=$1 port=$2 dir=$3 ident
    ident="user=placement group=placement"
    sed -e "s|^Define PLACEMENT_WSGI_DIR .*|Define PLACEMENT_WSGI_DIR $WSGI_DIR|" \
        -e "s|^Define PLACEMENT_PYTHON_HOME .*|Define PLACEMENT_PYTHON_HOME $PYTHON_HOME|" \
        -e "s|^Define PLACEMENT_LOG_DIR .*|Define PLACEMENT_LOG_DIR $dir/logs|" \
        -e "s|^Listen 8778|Listen 127.0.0.1:$port|" \
        -e "s|<VirtualHost \*:8778>|<VirtualHost *:$port>|" \
        -e "s|$ident|${RUN_USER:+user=$RUN_USER group=$RUN_USER}|" \
        "$TOP_DIR/etc/apache2/$sample"
}

# httpd_conf DIR LISTEN: a minimal server config including DIR/site.conf.
httpd_conf() {
    local dir=$1 listen=$2
    echo "ServerRoot \"$dir\""
    echo "ServerName localhost"
    echo "PidFile $dir/httpd.pid"
    echo "ErrorLog $dir/logs/error.log"
    echo "LogLevel info"
    echo "LoadModule mpm_event_module $APACHE_MODULES/mod_mpm_event.so"
    echo "LoadModule authz_core_module $APACHE_MODULES/mod_authz_core.so"
    "$PLACEMENT_BIN/mod_wsgi-express" module-config
    echo "WSGISocketPrefix $dir/wsgi"
    if [ -n "$RUN_USER" ]; then
        echo "User $RUN_USER"
        echo "Group $RUN_USER"
    fi
    if [ -n "$listen" ]; then
        echo "Listen 127.0.0.1:$listen"
    fi
    echo "Include $dir/site.conf"
}

# serve NAME SAMPLE PREFIX PROXY: start Apache for one sample config.
# Prints the base URL.
serve() {
    local name=$1 sample=$2 prefix=$3 proxy=$4 dir port listen=
    dir=$WORK/$name
    port=$(free_port)
    mkdir -p "$dir/logs" "$dir/db"
    write_placement_conf "$dir/etc" "sqlite:///$dir/db/placement.sqlite" \
        '[oslo_middleware]' "enable_proxy_headers_parsing = $proxy"
    if [ -n "$RUN_USER" ]; then
        chown -R "$RUN_USER:$RUN_USER" "$dir/db" "$dir/logs"
    fi
    site_conf "$sample" "$port" "$dir" >"$dir/site.conf"
    if ! grep -q '^Listen' "$dir/site.conf"; then
        listen=$port
    fi
    httpd_conf "$dir" "$listen" >"$dir/httpd.conf"
    OS_PLACEMENT_CONFIG_DIR=$dir/etc /usr/sbin/apache2 -f "$dir/httpd.conf" \
        -k start >&2
    echo "http://127.0.0.1:$port$prefix"
}

show_logs() {
    local name=$1
    echo "--- Apache logs of $name" >&2
    tail -n 40 "$WORK/$name"/logs/*.log >&2
}

cleanup() {
    for pidfile in "$WORK"/*/httpd.pid; do
        stop_pid "$pidfile"
    done
    # Kept for a look when a check failed.
    any_failed || rm -rf "$WORK"
}
trap cleanup EXIT

# run_variant NAME SAMPLE PREFIX PROXY PROXY_YAML
run_variant() {
    local name=$1 sample=$2 prefix=$3 proxy=$4 proxy_yaml=$5 url
    url=$(serve "$name" "$sample" "$prefix" "$proxy")
    if ! wait_for_url "$url/" 90; then
        record FAIL "mod_wsgi $name: $sample starts and serves $url/"
        show_logs "$name"
        return
    fi
    record PASS "mod_wsgi $name: $sample starts and serves $url/"
    run_gabbi "mod_wsgi $name: smoke suite" "$url" "$prefix" smoke.yaml
    run_gabbi "mod_wsgi $name: $proxy_yaml" "$url" "$prefix" "$proxy_yaml"
    if grep -q "^FAIL mod_wsgi $name" "$DEPLOY_RESULTS"; then
        show_logs "$name"
    fi
}

run_variant root placement-api.conf '' False proxy-ignored.yaml
run_variant prefix placement-api-prefix.conf /placement True \
    proxy-honoured.yaml
finish mod_wsgi
