#!/usr/bin/env bash
# Install and run OpenLink Virtuoso on loopback for the remote-store tests, the
# benchmark and local use. Non-interactive and idempotent: safe to call again.
#
#   scripts/virtuoso.sh install   install the Debian package if virtuoso-t is missing
#   scripts/virtuoso.sh start     install, create the database if new, start, add the writer user
#   scripts/virtuoso.sh stop      stop the server started from VIRTUOSO_DIR
#   scripts/virtuoso.sh status    exit 0 when the server answers SPARQL
#   scripts/virtuoso.sh checkpoint write the transaction log into the database file (to measure it)
#   scripts/virtuoso.sh env       print the OFSTED_KG_STORE_* settings to `eval`
#
# Settings (environment):
#   VIRTUOSO_DIR        database, ini and logs     (default ${TMPDIR:-/tmp}/ofsted-kg-virtuoso)
#   VIRTUOSO_HTTP_PORT  SPARQL / GSP port          (default 8890)
#   VIRTUOSO_SQL_PORT   SQL (isql) port            (default 1111)
#   OFSTED_KG_STORE_USER / OFSTED_KG_STORE_PASSWORD the writer account. Without a password
#     one is generated on first start and kept in $VIRTUOSO_DIR/credentials (mode 600),
#     never printed, never in the repository.
# The server binds 127.0.0.1 only. Only the binaries package is installed: the
# full virtuoso-opensource package starts a system service and asks for a password.
set -euo pipefail
# shellcheck source=scripts/apt.sh
source "$(dirname "$0")/apt.sh"

DIR="${VIRTUOSO_DIR:-${TMPDIR:-/tmp}/ofsted-kg-virtuoso}"
HTTP_PORT="${VIRTUOSO_HTTP_PORT:-8890}"
SQL_PORT="${VIRTUOSO_SQL_PORT:-1111}"
PACKAGE="virtuoso-opensource-7-bin"
START_TIMEOUT=60
SWITCH_QUADS=100000  # quads moved per update request; fits TransactionAfterImageLimit below

log() { echo "virtuoso.sh: $*" >&2; }

install_package() {
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null && return 0
    APT_LOG_PREFIX=virtuoso.sh apt_install "$PACKAGE"
}

server_pid() {
    [ -f "$DIR/virtuoso.lck" ] || return 1
    local pid
    pid="$(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

answers_sparql() {
    curl -fsS -o /dev/null --max-time 5 \
        --data-urlencode 'query=ASK {}' "http://127.0.0.1:$HTTP_PORT/sparql"
}

write_ini() {
    mkdir -p "$DIR/www"
    chmod 700 "$DIR"
    cat >"$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$SQL_PORT
DisableUnixSocket        = 1
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., $DIR
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
TransactionAfterImageLimit = 500000000
; about 1.4 GB of page buffers: the benchmark's 10M quads stay in memory
NumberOfBuffers          = 170000
MaxDirtyBuffers          = 130000
MaxQueryMem              = 2G
VectorSize               = 1000
MaxVectorSize            = 1000000
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 10

[HTTPServer]
ServerPort                  = 127.0.0.1:$HTTP_PORT
ServerRoot                  = $DIR/www
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 0
DefaultGraph               =
EOF
}

isql() {  # isql PASSWORD SQL: run statements as dba
    local password="$1" output
    output="$(isql-vt "127.0.0.1:$SQL_PORT" dba "$password" VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF <<<"$2" 2>&1)" || true
    # isql echoes a failing statement, which may hold a password: report the error line alone.
    # U0013 "already have role" is a repeated GRANT, expected on every start after the first.
    local errors
    errors="$(grep '^\*\*\* Error' <<<"$output" | grep -v 'U0013' || true)"
    if [ -n "$errors" ]; then
        echo "$errors" >&2
        return 1
    fi
}

load_credentials() {
    if [ -f "$DIR/credentials" ]; then
        # shellcheck disable=SC1091
        . "$DIR/credentials"
    fi
    OFSTED_KG_STORE_USER="${OFSTED_KG_STORE_USER:-${SAVED_USER:-kgwriter}}"
    OFSTED_KG_STORE_PASSWORD="${OFSTED_KG_STORE_PASSWORD:-${SAVED_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}}"
    DBA_PASSWORD="${SAVED_DBA_PASSWORD:-dba}"
}

save_credentials() {
    (umask 077 && printf 'SAVED_USER=%q\nSAVED_PASSWORD=%q\nSAVED_DBA_PASSWORD=%q\n' \
        "$OFSTED_KG_STORE_USER" "$OFSTED_KG_STORE_PASSWORD" "$DBA_PASSWORD" >"$DIR/credentials")
}

secure_dba() {  # a new database's dba password is "dba": replace it before anything else
    if [ "$DBA_PASSWORD" = "dba" ]; then
        local fresh
        fresh="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
        # checkpoint now: Virtuoso 7.2.5 fails to replay a password change from its transaction log
        isql dba "USER_SET_PASSWORD('dba', '$fresh');
checkpoint;"
        DBA_PASSWORD="$fresh"
        save_credentials
    fi
}

ensure_writer() {
    local exists
    exists="$(isql-vt "127.0.0.1:$SQL_PORT" dba "$DBA_PASSWORD" VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF \
        <<<"select count(*) from DB.DBA.SYS_USERS where U_NAME = '$OFSTED_KG_STORE_USER';" 2>/dev/null | tr -d '[:space:]')"
    if [ "$exists" = "0" ]; then
        isql "$DBA_PASSWORD" "DB.DBA.USER_CREATE('$OFSTED_KG_STORE_USER', '$OFSTED_KG_STORE_PASSWORD');"
    fi
    isql "$DBA_PASSWORD" "
USER_SET_PASSWORD('$OFSTED_KG_STORE_USER', '$OFSTED_KG_STORE_PASSWORD');
GRANT SPARQL_SELECT TO \"$OFSTED_KG_STORE_USER\";
GRANT SPARQL_UPDATE TO \"$OFSTED_KG_STORE_USER\";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET('$OFSTED_KG_STORE_USER', 3);
checkpoint;
"
    save_credentials
}

start() {
    install_package
    if server_pid >/dev/null && answers_sparql; then
        log "already running on 127.0.0.1:$HTTP_PORT ($DIR)"
        load_credentials
        ensure_writer
        return 0
    fi
    [ -f "$DIR/virtuoso.ini" ] || write_ini
    rm -f "$DIR/virtuoso.lck"
    log "starting on 127.0.0.1:$HTTP_PORT (SQL $SQL_PORT), database in $DIR"
    (cd "$DIR" && virtuoso-t +configfile "$DIR/virtuoso.ini" +wait) >"$DIR/start.log" 2>&1 || {
        log "virtuoso-t failed to start; see $DIR/start.log and $DIR/virtuoso.log"
        tail -5 "$DIR/virtuoso.log" >&2 || true
        return 1
    }
    local waited=0
    until answers_sparql; do
        sleep 1
        waited=$((waited + 1))
        if [ "$waited" -ge "$START_TIMEOUT" ]; then
            log "no SPARQL answer after ${START_TIMEOUT}s; see $DIR/virtuoso.log"
            return 1
        fi
    done
    load_credentials
    secure_dba
    ensure_writer
    log "ready: query http://127.0.0.1:$HTTP_PORT/sparql-auth, GSP http://127.0.0.1:$HTTP_PORT/sparql-graph-crud-auth"
}

stop() {
    local pid
    if ! pid="$(server_pid)"; then
        log "not running ($DIR)"
        return 0
    fi
    load_credentials
    # a clean shutdown checkpoints; a signal only does a quick shutdown that relies on log replay
    isql "$DBA_PASSWORD" "shutdown;" || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || { log "stopped"; return 0; }
        sleep 1
    done
    log "still running after 30s; killing $pid"
    kill -9 "$pid"
}

print_env() {
    load_credentials
    printf 'export OFSTED_KG_STORE_URL=%q\n' "http://127.0.0.1:$HTTP_PORT/sparql-auth"
    printf 'export OFSTED_KG_STORE_GSP_URL=%q\n' "http://127.0.0.1:$HTTP_PORT/sparql-graph-crud-auth"
    printf 'export OFSTED_KG_STORE_USER=%q\n' "$OFSTED_KG_STORE_USER"
    printf 'export OFSTED_KG_STORE_PASSWORD=%q\n' "$OFSTED_KG_STORE_PASSWORD"
    printf 'export OFSTED_KG_STORE_AUTH=digest\n'
    # Virtuoso aborts a transaction whose log passes TransactionAfterImageLimit: switch in batches
    printf 'export OFSTED_KG_STORE_SWITCH_QUADS=%s\n' "$SWITCH_QUADS"
}

case "${1:-}" in
    install) install_package ;;
    start) start ;;
    stop) stop ;;
    status) server_pid >/dev/null && answers_sparql ;;
    checkpoint) load_credentials && isql "$DBA_PASSWORD" "checkpoint;" ;;
    env) print_env ;;
    *) echo "usage: $0 install|start|stop|status|checkpoint|env" >&2; exit 2 ;;
esac
