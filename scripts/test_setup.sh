#!/usr/bin/env bash
# System packages the test suite drives as real peers: curl for the client matrix, headless Chromium for the
# browser test, OpenLink Virtuoso for the remote-store tests, OpenRefine for the
# reconciliation round trip. Idempotent. A package
# that cannot be installed is reported loudly; its tests then skip and say why.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { echo "test_setup: $*" >&2; }
# shellcheck source=scripts/apt.sh
source scripts/apt.sh
export APT_LOG_PREFIX=test_setup

apt_install curl || log "WARNING: no curl: the curl client tests will skip"
apt_install chromium chromium-driver || log "WARNING: no Chromium: the browser test will skip"
scripts/openrefine.sh install || log "WARNING: OpenRefine could not be installed: the OpenRefine round-trip test will skip"
scripts/virtuoso.sh install || log "WARNING: Virtuoso could not be installed: the remote-store tests will skip"
exit 0
