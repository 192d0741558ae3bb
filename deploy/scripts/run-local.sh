#!/usr/bin/env bash
# Builds kubernetes-mcp-server and runs it over HTTP on 127.0.0.1:${PORT:-8080}. With no cluster
# configured ($KUBECONFIG or ~/.kube/config), it first starts the bundled sandbox cluster
# (kube-sandbox) and points the server at it. Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build --buildtype=release -Dtests=true
ninja -C build

args=(--port "${PORT:-8080}" --bind-address 127.0.0.1 --toolsets core,config,helm)
kubeconfig="${KUBECONFIG:-$HOME/.kube/config}"
if [ ! -f "${kubeconfig%%:*}" ]; then
  state=$(mktemp -d)
  build/tests/sandbox/kube-sandbox --port 0 --tls-self-signed --write-kubeconfig "$state/kubeconfig" \
    --ready-file "$state/port" >"$state/sandbox.log" 2>&1 &
  sandbox=$!
  trap 'kill $sandbox 2>/dev/null' EXIT
  for _ in $(seq 100); do [ -s "$state/port" ] && break; sleep 0.1; done
  echo "no cluster configured: using the sandbox cluster (kubeconfig $state/kubeconfig; try: KUBECONFIG=$state/kubeconfig kubectl get pods -A)"
  args+=(--kubeconfig "$state/kubeconfig")
fi
echo "MCP endpoint: http://127.0.0.1:${PORT:-8080}/mcp (legacy SSE: /sse)"
build/core/src/kubernetes-mcp-server "${args[@]}" "$@"
