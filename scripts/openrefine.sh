#!/usr/bin/env bash
# Install and run OpenRefine (the Debian package, 3.6.2 in Debian 12) headless on loopback, for the
# reconciliation round-trip test and the docs' screenshots. Non-interactive and idempotent.
#
#   scripts/openrefine.sh install   install the Debian package if /usr/bin/openrefine is missing
#   scripts/openrefine.sh start     start it on OPENREFINE_PORT with its own workspace OPENREFINE_DIR
#   scripts/openrefine.sh stop      stop the server started from OPENREFINE_DIR
#
# Settings (environment): OPENREFINE_DIR (workspace, pid and log; default ${TMPDIR:-/tmp}/ofsted-kg-openrefine),
# OPENREFINE_PORT (default 3333). The server binds 127.0.0.1 only.
set -euo pipefail
# shellcheck source=scripts/apt.sh
source "$(dirname "$0")/apt.sh"

DIR="${OPENREFINE_DIR:-${TMPDIR:-/tmp}/ofsted-kg-openrefine}"
PORT="${OPENREFINE_PORT:-3333}"
PACKAGE="openrefine"
START_TIMEOUT=120

log() { echo "openrefine.sh: $*" >&2; }

install_package() {
    command -v openrefine >/dev/null && return 0
    APT_LOG_PREFIX=openrefine.sh apt_install "$PACKAGE"
}

answers() {
    curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/command/core/get-version"
}

start() {
    install_package
    mkdir -p "$DIR/workspace"
    if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
        log "already running (pid $(cat "$DIR/pid"))"
        return 0
    fi
    # setsid: its own process group, so that stop ends the JVM the launcher script starts too.
    # Every descriptor redirected, so that no caller waiting on this script's output waits on the server.
    (cd "$DIR" && exec setsid openrefine -p "$PORT" -i 127.0.0.1 -d "$DIR/workspace" -m 1024M \
        -x refine.headless=true -x refine.display.new.version.notice=false) >"$DIR/log" 2>&1 </dev/null &
    echo $! >"$DIR/pid"
    for _ in $(seq "$START_TIMEOUT"); do
        answers 2>/dev/null && { log "answering on 127.0.0.1:$PORT"; return 0; }
        kill -0 "$(cat "$DIR/pid")" 2>/dev/null || { log "exited while starting:"; tail -20 "$DIR/log" >&2; return 1; }
        sleep 1
    done
    log "did not answer within ${START_TIMEOUT}s"; tail -20 "$DIR/log" >&2
    return 1
}

stop() {
    [ -f "$DIR/pid" ] || return 0
    local pid
    pid="$(cat "$DIR/pid")"
    kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 1; done
    kill -9 -- "-$pid" 2>/dev/null || true
    rm -f "$DIR/pid"
}

case "${1:-}" in
    install) install_package ;;
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
