#!/usr/bin/env bash
# System packages the test suite drives as real peers: headless Chromium for the
# browser test, OpenLink Virtuoso for the remote-store tests, OpenRefine for the
# reconciliation round trip. Idempotent. A package
# that cannot be installed is reported loudly; its tests then skip and say why.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { echo "test_setup: $*" >&2; }

apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "cannot install ${missing[*]}: not root"
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || log "apt-get update failed; trying the cached package list"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
        || { log "WARNING: apt-get install ${missing[*]} failed"; return 1; }
}

apt_install chromium chromium-driver || log "WARNING: no Chromium: the browser test will skip"
scripts/openrefine.sh install || log "WARNING: OpenRefine could not be installed: the OpenRefine round-trip test will skip"
scripts/virtuoso.sh install || log "WARNING: Virtuoso could not be installed: the remote-store tests will skip"
exit 0
