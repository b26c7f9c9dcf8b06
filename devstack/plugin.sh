#!/bin/bash
# devstack plugin entry point of placement: devstack sources this file
# with the phase as arguments ("stack install", "unstack", ...).

# shellcheck source=devstack/lib/placement
source "$PLACEMENT_DIR/devstack/lib/placement"

if is_service_enabled placement-api; then
    case "$1/${2:-}" in
        stack/install)
            echo_summary "Installing placement"
            install_placement
            ;;
        stack/post-config)
            echo_summary "Configuring placement"
            configure_placement
            init_placement
            ;;
        stack/extra)
            echo_summary "Starting placement"
            start_placement
            ;;
    esac
    case "$1" in
        unstack)
            stop_placement
            ;;
        clean)
            cleanup_placement
            ;;
    esac
fi
