# Sourced by the scripts that install the Debian packages the tests drive as real peers.
# apt_install PACKAGE...: installs those not yet installed; needs root; returns non-zero with a
# message on stderr (prefixed by $APT_LOG_PREFIX) when it cannot.

apt_install() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "${APT_LOG_PREFIX:-apt}: cannot install ${missing[*]}: not root" >&2
        return 1
    fi
    echo "${APT_LOG_PREFIX:-apt}: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 \
        || echo "${APT_LOG_PREFIX:-apt}: apt-get update failed; trying the cached package list" >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
        || { echo "${APT_LOG_PREFIX:-apt}: WARNING: apt-get install ${missing[*]} failed" >&2; return 1; }
}
