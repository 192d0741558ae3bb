#!/usr/bin/env bash
# Drives the real kubectl against kube-sandbox. Usage: kubectl_test.sh /path/to/kube-sandbox
set -u

BIN="${1:?usage: kubectl_test.sh /path/to/kube-sandbox}"
WORK="$(mktemp -d /tmp/kube-sandbox-it.XXXXXX)"
PID=""
PASSED=0
FAILED=0

cleanup() {
    if [ -n "$PID" ]; then
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# kubectl sends bearer tokens only over TLS, hence --tls-self-signed.
"$BIN" --port 0 --tls-self-signed --write-kubeconfig "$WORK/kubeconfig" --ready-file "$WORK/ready" \
    >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do
    [ -s "$WORK/ready" ] && break
    sleep 0.1
done
if [ ! -s "$WORK/ready" ]; then
    echo "kube-sandbox did not become ready"; cat "$WORK/server.log"; exit 1
fi
PORT="$(cat "$WORK/ready")"
export KUBECONFIG="$WORK/kubeconfig"
export HOME="$WORK"

k() { timeout 30 kubectl --cache-dir "$WORK/cache" --request-timeout=20s "$@" 2>&1; }

pass() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1"; printf '%s\n' "$2" | sed 's/^/       | /' | head -20; }

# expect NAME EXPECTED_SUBSTRING OUTPUT
expect() {
    if printf '%s' "$3" | grep -qF -- "$2"; then pass "$1"; else fail "$1 (wanted: $2)" "$3"; fi
}
expect_not() {
    if printf '%s' "$3" | grep -qF -- "$2"; then fail "$1 (unwanted: $2)" "$3"; else pass "$1"; fi
}
expect_eq() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1 (wanted: $2)" "$3"; fi
}

grep -q "listening on https://127.0.0.1:$PORT" "$WORK/server.log" && pass "prints listening line" \
    || fail "prints listening line" "$(cat "$WORK/server.log")"

out="$(k get pods -A)"
expect "get pods -A has header" "NAMESPACE     NAME" "$out"
expect "get pods -A lists multi-container pod" "multi-container" "$out"
expect "get pods -A shows restarts" "3 (10m ago)" "$out"
expect "get pods -A shows completed pod" "Completed" "$out"
expect_eq "get pods -A row count" "9" "$(printf '%s\n' "$out" | tail -n +2 | wc -l | tr -d ' ')"

out="$(k get pods -n default -o wide)"
expect "get pods -o wide shows node column" "sandbox-node-" "$out"

out="$(k get deploy -n dev -o yaml)"
expect "get deploy -o yaml has the deployment" "name: api" "$out"
expect "get deploy -o yaml has the image" "image: ghcr.io/example/api:1.4.2" "$out"
expect "get deploy -o yaml has ready replicas" "readyReplicas: 1" "$out"

cat >"$WORK/app.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: demo-config
  namespace: dev
data:
  greeting: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo
  namespace: dev
spec:
  replicas: 2
  selector:
    matchLabels:
      app: demo
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
      - name: web
        image: nginx:1.27
YAML
out="$(k apply -f "$WORK/app.yaml")"
expect "apply creates configmap" "configmap/demo-config created" "$out"
expect "apply creates deployment" "deployment.apps/demo created" "$out"
expect_eq "deployment created 2 running pods" "2" \
    "$(k get pods -n dev -l app=demo --no-headers | grep -c Running)"
out="$(k get cm demo-config -n dev -o jsonpath='{.data.greeting}')"
expect_eq "applied configmap data readable" "hello" "$out"

sed -i 's/nginx:1.27/nginx:1.28/' "$WORK/app.yaml"
out="$(k apply -f "$WORK/app.yaml")"
expect "re-apply reports unchanged configmap" "configmap/demo-config unchanged" "$out"
expect "re-apply reports configured deployment" "deployment.apps/demo configured" "$out"
out="$(k get deploy demo -n dev -o jsonpath='{.spec.template.spec.containers[0].image}')"
expect_eq "re-apply patched the image" "nginx:1.28" "$out"

out="$(k scale deploy demo -n dev --replicas=3)"
expect "scale reports scaled" "deployment.apps/demo scaled" "$out"
expect_eq "scale changed the pod count" "3" "$(k get pods -n dev -l app=demo --no-headers | grep -c Running)"
out="$(k get deploy demo -n dev)"
expect "deployment table shows 3/3" "3/3" "$out"

out="$(k delete deploy demo -n dev)"
expect "delete reports deleted" 'deployment.apps "demo" deleted' "$out"
out="$(k get pods -n dev -l app=demo)"
expect "delete removed owned pods" "No resources found in dev namespace." "$out"

out="$(k create deployment hello -n qa --image=nginx:1.27 --replicas=2)"
expect "typed create deployment (null fields in body)" "deployment.apps/hello created" "$out"
out="$(k rollout status deploy/hello -n qa --timeout=20s)"
expect "rollout status sees the rollout finish" 'deployment "hello" successfully rolled out' "$out"

out="$(k create namespace scratch)"
expect "create namespace" "namespace/scratch created" "$out"
k create configmap leftover -n scratch --from-literal=a=b >/dev/null
out="$(k get ns scratch -o jsonpath='{.status.phase}')"
expect_eq "namespace is Active" "Active" "$out"
out="$(k delete namespace scratch)"
expect "delete namespace" 'namespace "scratch" deleted' "$out"
out="$(k get configmap leftover -n scratch)"
expect "namespace contents deleted (kubectl then reports the namespace)" 'namespaces "scratch" not found' "$out"

out="$(k logs multi-container --tail=5)"
expect_eq "logs --tail=5 returns 5 lines" "5" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')"
expect "logs default to the annotated container" "container=app pod=multi-container seq=200" "$out"
out="$(k logs multi-container -c sidecar --tail=1)"
expect "logs -c picks the container" "container=sidecar" "$out"
out="$(k logs flaky --previous --tail=1)"
expect "logs --previous shows the crashed instance" "database connection lost" "$out"
out="$(k logs multi-container --previous)"
expect "logs --previous without restart fails" 'previous terminated container "app" in pod "multi-container" not found' "$out"

out="$(k exec multi-container -- echo hi)"
expect_eq "exec echo over websocket" "hi" "$out"
out="$(k exec multi-container -c sidecar -- cat /etc/hostname)"
expect_eq "exec cat /etc/hostname" "multi-container" "$out"
k exec multi-container -- sh -c "exit 3" >/dev/null
expect_eq "exec propagates exit code" "3" "$?"
out="$(printf 'echo one\nhostname\n' | k exec -i multi-container -- sh)"
expect_eq "exec -i feeds stdin to the shell" "$(printf 'one\nmulti-container')" "$out"
out="$(k exec multi-container -- nosuchcmd)"
expect "exec unknown command reports not found" "sh: nosuchcmd: not found" "$out"
out="$(k exec completed-task -- echo hi)"
expect "exec into completed pod refused" "cannot exec into a container in a completed pod; current phase is Succeeded" "$out"

out="$(k auth can-i create pods -n qa --context sandbox-bob)"
expect_eq "bob cannot create pods in qa" "no" "$out"
out="$(k auth can-i list pods -n qa --context sandbox-bob)"
expect_eq "bob can list pods in qa" "yes" "$out"
out="$(k auth can-i create deployments -n dev --context sandbox-alice)"
expect_eq "alice can create deployments in dev" "yes" "$out"
out="$(k auth whoami --context sandbox-alice)"
expect "whoami shows alice" "alice" "$out"
expect "whoami shows her group" "dev-team" "$out"

out="$(k get pods -n dev --context sandbox-bob)"
expect "forbidden list message" \
    'Error from server (Forbidden): pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "dev"' "$out"
out="$(k get pod multi-container -n default --context sandbox-bob)"
expect "forbidden get message" \
    'Error from server (Forbidden): pods "multi-container" is forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"' "$out"
out="$(k get nodes --context sandbox-alice)"
expect "forbidden cluster-scope message" \
    'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope' "$out"
out="$(k get pod nope)"
expect "not found message" 'Error from server (NotFound): pods "nope" not found' "$out"

cat >"$WORK/crd.yaml" <<'YAML'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
YAML
cat >"$WORK/cr.yaml" <<'YAML'
apiVersion: example.com/v1
kind: Widget
metadata:
  name: sprocket
  namespace: default
spec:
  size: 3
YAML
out="$(k apply -f "$WORK/crd.yaml")"
expect "CRD apply" "customresourcedefinition.apiextensions.k8s.io/widgets.example.com created" "$out"
out="$(k apply -f "$WORK/cr.yaml")"
expect "CR apply" "widget.example.com/sprocket created" "$out"
out="$(k get wd sprocket -o jsonpath='{.spec.size}')"
expect_eq "CR get by short name" "3" "$out"
out="$(k get widgets)"
expect "CR table" "sprocket" "$out"

out="$(k get --raw /sandbox/requests)"
expect "request log records users" '"user":"bob"' "$out"
expect "request log has token hashes" '"authorizationSha256":"' "$out"
expect_not "request log never holds tokens" "admin-token" "$out"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
