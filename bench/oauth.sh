#!/usr/bin/env bash
# On-demand OAuth benchmark (issue #4; not part of CI): tools/call in OAuth mode with RFC 8693 token
# exchange, our server against the Go reference server (kubernetes-mcp-server-linux-amd64 0.0.67
# from npm) configured the same way, at 1, 8 and 64 connections, all on 127.0.0.1. Counts exchanges
# per 1,000 calls at the IdP, throughput and latency (wrk), peak memory (VmHWM). Writes
# bench/RESULTS-oauth.md (or $BENCH_OUT). Takes about three minutes.
#
#   bench/oauth.sh
#
# Environment: KMCP_BUILD_DIR (default <repo>/build), BENCH_DURATION (wrk run length, default 5s),
# BENCH_CONNS (default 1,8,64), BENCH_OUT, BENCH_GO_DIR (where npm installs the Go server; default
# the cache directory under /tmp that bench/run.sh uses), BENCH_SKIP_GO=1 (ours only).
# The work itself is bench/oauth-bench.mjs (Node 22 from tests/e2e/node_modules, which also brings
# the IdP, tests/e2e/lib/oidc.mjs); this wrapper only provides its tools.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
e2e=$repo/tests/e2e
godir=${BENCH_GO_DIR:-/tmp/kmcp-bench-go}
go_version=0.0.67
gobin=$godir/node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64

log() { printf '[oauth %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if ! command -v wrk >/dev/null; then
    log "installing wrk (apt)"
    apt-get install -y wrk >/dev/null 2>&1 || true
    command -v wrk >/dev/null || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
fi

if [[ ! -x $e2e/node_modules/.bin/node || ! -d $e2e/node_modules/oidc-provider ]]; then
    log "installing the e2e Node packages (npm ci in tests/e2e)"
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

if [[ ${BENCH_SKIP_GO:-0} != 1 && ! -x $gobin ]]; then
    log "installing the Go reference server $go_version into $godir (npm)"
    mkdir -p "$godir"
    npm install --prefix "$godir" --no-save --no-audit --no-fund --loglevel=error \
        "kubernetes-mcp-server-linux-amd64@$go_version" >&2 || true
    [[ -x $gobin ]] || log "Go reference server unavailable: its rows stay empty"
fi

# The Node process owns every server it starts and kills them on any exit; this trap covers the
# Node process itself (Ctrl-C, a kill of this script).
node_pid=
cleanup() {
    if [[ -n $node_pid ]]; then
        kill "$node_pid" 2>/dev/null || true
        wait "$node_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

BENCH_GO_BIN=$gobin "$e2e/node_modules/.bin/node" "$here/oauth-bench.mjs" &
node_pid=$!
status=0
wait "$node_pid" || status=$?
node_pid=
exit "$status"
