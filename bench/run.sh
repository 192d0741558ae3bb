#!/usr/bin/env bash
# On-demand benchmark (not part of CI): our server against the Go reference server
# (kubernetes-mcp-server-linux-amd64 0.0.67 from npm), both against the same kube-sandbox, all on
# 127.0.0.1. Writes bench/RESULTS.md (or $BENCH_OUT). Takes about four minutes.
#
#   bench/run.sh
#
# Environment: KMCP_BUILD_DIR (default <repo>/build), BENCH_DURATION (wrk run length, default 5s),
# BENCH_OUT (markdown output), BENCH_GO_DIR (where npm installs the Go server; default a cache
# directory under /tmp, never the repository), BENCH_SKIP_GO=1 (ours only).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build=${KMCP_BUILD_DIR:-$repo/build}
server=$build/core/src/kubernetes-mcp-server
sandbox=$build/tests/sandbox/kube-sandbox
plugins=$build/plugins
fixtures=$build/tests/abi
duration=${BENCH_DURATION:-5s}
out=${BENCH_OUT:-$here/RESULTS.md}
godir=${BENCH_GO_DIR:-/tmp/kmcp-bench-go}
go_version=0.0.67
gobin=$godir/node_modules/kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64

for f in "$server" "$sandbox" "$fixtures/hello.so"; do
    [[ -e $f ]] || { echo "missing $f: build it first (ninja -C $build)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/kmcp-bench.XXXXXX)
results=$work/results.jsonl
meta=$work/meta.json
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

ensure_tool() {
    command -v "$1" >/dev/null && return 0
    log "installing $1 (apt)"
    apt-get install -y "$1" >/dev/null 2>&1 || true
    command -v "$1" >/dev/null
}
ensure_tool wrk || { echo "wrk is required (apt-get install -y wrk)" >&2; exit 1; }
have_hyperfine=1
ensure_tool hyperfine || have_hyperfine=0

have_go=0
if [[ ${BENCH_SKIP_GO:-0} != 1 ]]; then
    if [[ ! -x $gobin ]]; then
        log "installing the Go reference server $go_version into $godir (npm)"
        mkdir -p "$godir"
        npm install --prefix "$godir" --no-save --no-audit --no-fund --loglevel=error \
            "kubernetes-mcp-server-linux-amd64@$go_version" >&2 || true
    fi
    [[ -x $gobin ]] && have_go=1 || log "Go reference server unavailable: its columns stay empty"
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits (bounded) until a log file shows the pattern; prints the first match.
wait_for_log() {
    local file=$1 pattern=$2 i
    for ((i = 0; i < 200; i++)); do
        if grep -qE "$pattern" "$file" 2>/dev/null; then
            grep -oE "$pattern" "$file" | head -1
            return 0
        fi
        sleep 0.05
    done
    echo "timed out waiting for '$pattern' in $file:" >&2
    cat "$file" >&2
    return 1
}

# MCP request bodies. The tool calls are answered without touching state, so repeating them is safe.
printf '%s' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"kmcp-bench","version":"1"}}}' >"$work/initialize.json"
printf '%s' '{"jsonrpc":"2.0","method":"notifications/initialized"}' >"$work/initialized.json"
printf '%s' '{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{}}' >"$work/tools_list.json"
printf '%s' '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"hello_greet","arguments":{"name":"bench"}}}' >"$work/hello_greet.json"
printf '%s' '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"pods_list_in_namespace","arguments":{"namespace":"default"}}}' >"$work/pods_list.json"
printf '%s\n' "$(cat "$work/initialize.json")" >"$work/initialize-stdio.jsonl"
# The marker every good answer contains (see mcp-post.lua).
declare -A marker=([tools_list]='"pods_list_in_namespace"' [hello_greet]='Hello, bench!' [pods_list]='web-')

post() { # url body-file [session] → response body on stdout
    local url=$1 body=$2 session=${3:-}
    curl -sS --max-time 10 -X POST "$url" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' -H 'Mcp-Protocol-Version: 2025-06-18' \
        ${session:+-H "Mcp-Session-Id: $session"} --data-binary "@$body"
}

open_session() { # url → session id
    local url=$1 id
    id=$(curl -sS --max-time 10 -D - -o /dev/null -X POST "$url" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' --data-binary "@$work/initialize.json" |
        tr -d '\r' | awk 'tolower($1) == "mcp-session-id:" { print $2 }')
    [[ -n $id ]] || { echo "no Mcp-Session-Id from $url" >&2; return 1; }
    post "$url" "$work/initialized.json" "$id" >/dev/null
    echo "$id"
}

wait_healthy() { # base-url; bounded poll of /healthz, the log line can come before the listener
    local i
    for ((i = 0; i < 100; i++)); do
        curl -sf --max-time 2 "$1/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "$1/healthz never answered" >&2
    return 1
}

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# bench_server label kind mode pid url workloads...
bench_server() {
    local label=$1 kind=$2 mode=$3 pid=$4 url=$5
    shift 5
    local session="" conns wl threads line idle idle_anon
    post "$url" "$work/initialize.json" >/dev/null
    sleep 1
    idle=$(status_kb "$pid" VmRSS)
    idle_anon=$(status_kb "$pid" RssAnon)
    [[ $mode == stateful ]] && session=$(open_session "$url")
    for wl in "$@"; do
        if ! post "$url" "$work/$wl.json" "$session" | grep -qF "${marker[$wl]}"; then
            log "$label: $wl does not answer as expected; skipped"
            continue
        fi
        for conns in 1 8 64; do
            threads=$((conns < 2 ? 1 : 2))
            log "$label: $wl, $conns connection(s)"
            line=$(wrk -t "$threads" -c "$conns" -d "$duration" --timeout 5s -s "$here/mcp-post.lua" "$url" \
                -- "$work/$wl.json" "${marker[$wl]}" "$session" | grep '^{')
            printf '{"label":"%s","server":"%s","mode":"%s","workload":"%s","conns":%d,"wrk":%s}\n' \
                "$label" "$kind" "$mode" "$wl" "$conns" "$line" >>"$results"
        done
    done
    printf '{"label":"%s","server":"%s","mode":"%s","memory":{"idle_rss_kb":%d,"idle_anon_kb":%d,"peak_rss_kb":%d,"end_rss_kb":%d,"end_anon_kb":%d}}\n' \
        "$label" "$kind" "$mode" "$idle" "$idle_anon" "$(status_kb "$pid" VmHWM)" "$(status_kb "$pid" VmRSS)" \
        "$(status_kb "$pid" RssAnon)" >>"$results"
}

stop_pid() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "starting kube-sandbox"
"$sandbox" --port 0 --tls-self-signed --write-kubeconfig "$work/kubeconfig" --ready-file "$work/sandbox.port" \
    >"$work/sandbox.log" 2>&1 &
pids+=($!)
wait_for_log "$work/sandbox.log" 'listening on https://127\.0\.0\.1:[0-9]+' >/dev/null

run_ours() { # mode [flags...]
    local mode=$1 port pid
    shift
    "$server" --port 0 --bind-address 127.0.0.1 --plugin-dir "$plugins" --plugin-dir "$fixtures" \
        --toolsets core,config,hello --kubeconfig "$work/kubeconfig" "$@" >"$work/ours-$mode.log" 2>&1 &
    pid=$!
    pids+=($pid)
    port=$(wait_for_log "$work/ours-$mode.log" 'listening on http://127\.0\.0\.1:[0-9]+')
    port=${port##*:}
    bench_server "ours $mode" ours "$mode" "$pid" "http://127.0.0.1:$port/mcp" tools_list hello_greet pods_list
    stop_pid "$pid"
}

run_go() { # label mode env-assignments... -- flags...
    local label=$1 mode=$2 port pid envs=()
    shift 2
    while [[ $# -gt 0 && $1 != -- ]]; do envs+=("$1"); shift; done
    shift
    port=$(free_port)
    env "${envs[@]}" "$gobin" --port "$port" --bind-address 127.0.0.1 --kubeconfig "$work/kubeconfig" \
        $([[ $mode == stateless ]] && echo --stateless) >"$work/go-$mode.log" 2>&1 &
    pid=$!
    pids+=($pid)
    wait_for_log "$work/go-$mode.log" 'HTTP server starting' >/dev/null
    wait_healthy "http://127.0.0.1:$port"
    bench_server "$label" go "$mode" "$pid" "http://127.0.0.1:$port/mcp" "$@"
    stop_pid "$pid"
}

run_ours stateless --stateless
run_ours stateful
if ((have_go)); then
    run_go "Go $go_version stateless" stateless -- tools_list pods_list
    run_go "Go $go_version stateless, KUBE_CLIENT_QPS/BURST lifted" stateless \
        KUBE_CLIENT_QPS=10000 KUBE_CLIENT_BURST=20000 -- pods_list
    run_go "Go $go_version stateful" stateful -- tools_list pods_list
fi

# Start-up: process start to the initialize answer over stdio, the process then sees EOF and exits,
# so this is an upper bound on the time to the first answer.
log "start-up time"
ours_cmd="$server --plugin-dir $plugins --kubeconfig $work/kubeconfig < $work/initialize-stdio.jsonl"
go_cmd="$gobin --kubeconfig $work/kubeconfig < $work/initialize-stdio.jsonl"
if ((have_hyperfine)); then
    args=(--warmup 3 --runs 30 --export-json "$work/startup.json" -n ours "$ours_cmd")
    ((have_go)) && args+=(-n go "$go_cmd")
    hyperfine "${args[@]}" >&2
else
    # Without hyperfine: repeated timed runs, the same shape of JSON.
    timed() {
        local name=$1 cmd=$2 i t0 t1 times=()
        for ((i = 0; i < 30; i++)); do
            t0=$(date +%s%N)
            bash -c "$cmd" >/dev/null 2>&1
            t1=$(date +%s%N)
            times+=("$(((t1 - t0) / 1000))e-6")
        done
        printf '{"command":"%s","times":[%s]}' "$name" "$(IFS=,; echo "${times[*]}")"
    }
    {
        printf '{"tool":"bash","results":['
        timed ours "$ours_cmd"
        ((have_go)) && { printf ','; timed go "$go_cmd"; }
        printf ']}'
    } >"$work/startup.json"
fi

cat >"$meta" <<EOF
{"date":"$(date -u +%Y-%m-%dT%H:%MZ)","commit":"$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)",
 "cpus":$(nproc),"loadavg_before":"$load_before","loadavg_after":"$(cut -d' ' -f1-3 /proc/loadavg)","cpu_model":"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)",
 "duration":"$duration","wrk":"$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)","go_version":"$go_version","have_go":$have_go,
 "buildtype":"$(grep -o '"buildtype", "value": "[a-z]*"' "$build/meson-info/intro-buildoptions.json" 2>/dev/null | grep -o '[a-z]*"$' | tr -d '"')"}
EOF
node "$here/report.mjs" "$meta" "$results" "$work/startup.json" >"$out"
log "wrote $out"
cat "$out"
