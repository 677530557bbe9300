#!/usr/bin/env bash
# The kind suite (npm run e2e:kind): needs Docker, kind, kubectl, helm, jq, envsubst, curl and
# network access (images, charts, the MetalLB manifest). Pinned versions: e2e/kind/versions.env.
#
#   1. kind cluster: 1 control plane + 3 workers (pinned node image)
#   2. MetalLB (L2) with a pool carved from the kind Docker network
#   3. Traefik (Helm; JSON access logs, HTTP/3), traefik/whoami, CrowdSec LAPI (Helm)
#   4. edgelens + its agent DaemonSet via the project's Kustomize (image built here, loaded into kind)
#   5. Playwright in three phases against edgelens (port-forwarded):
#        cluster — ETP=Cluster: clients arrive as node addresses (snat, etp-cluster-snat)
#        local   — ETP=Local: real client addresses; the announcer and endpoint view, agents
#        proxy   — the generated HAProxy (PROXY v2) in front of Traefik: real addresses again
#   6. teardown (unless KEEP=1)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck disable=SC1091 # versions.env is plain KEY=value lines, linted by the render test
. "$ROOT/e2e/kind/versions.env"
CLUSTER=${CLUSTER:-edgelens-e2e}
HAPROXY_NAME="$CLUSTER-haproxy"
WORK=$(mktemp -d)
PF_PID=""

for cmd in docker kind kubectl helm jq envsubst curl node npx; do
  command -v "$cmd" >/dev/null || { echo "e2e/kind: needs $cmd on PATH" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "e2e/kind: no Docker engine running (this suite needs Docker and network access)" >&2; exit 2; }

cleanup() {
  local code=$?
  if [ -n "$PF_PID" ]; then kill "$PF_PID" 2>/dev/null || true; fi
  if [ "${KEEP:-}" = 1 ]; then
    echo "e2e/kind: KEEP=1 — cluster $CLUSTER kept; KUBECONFIG=$WORK/kubeconfig" >&2
  else
    docker rm -f "$HAPROXY_NAME" >/dev/null 2>&1 || true
    kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT

step() { printf '\n== e2e/kind: %s\n' "$*" >&2; }

step "kind cluster $CLUSTER ($KIND_NODE_IMAGE)"
kind create cluster --name "$CLUSTER" --image "$KIND_NODE_IMAGE" --config e2e/kind/kind-config.yaml --wait 180s
export KUBECONFIG="$WORK/kubeconfig"
kind get kubeconfig --name "$CLUSTER" >"$KUBECONFIG"

step "MetalLB $METALLB_VERSION (L2)"
kubectl apply -f "https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-native.yaml"
kubectl -n metallb-system wait --for=condition=Available deploy/controller --timeout=180s
kubectl -n metallb-system rollout status ds/speaker --timeout=180s
# The pool: .255.200-.255.250 of the kind network's IPv4 subnet (e.g. 172.18.255.200-250).
SUBNET=$(docker network inspect kind -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' | tr ' ' '\n' | grep -m1 '\.')
PREFIX=$(echo "$SUBNET" | cut -d. -f1-2)
export POOL_FIRST="$PREFIX.255.200" POOL_LAST="$PREFIX.255.250" WHOAMI_IMAGE
# The webhook needs a moment after the controller is Available.
for _ in $(seq 1 30); do
  if envsubst <e2e/kind/manifests/metallb-pool.yaml | kubectl apply -f - 2>/dev/null; then break; fi
  sleep 5
done
envsubst <e2e/kind/manifests/metallb-pool.yaml | kubectl apply -f -

step "Traefik chart $TRAEFIK_CHART_VERSION, whoami, CrowdSec chart $CROWDSEC_CHART_VERSION"
helm repo add traefik https://traefik.github.io/charts --force-update >/dev/null
helm repo add crowdsec https://crowdsecurity.github.io/helm-charts --force-update >/dev/null
helm repo update >/dev/null
helm upgrade --install traefik traefik/traefik --version "$TRAEFIK_CHART_VERSION" -n traefik --create-namespace \
  -f e2e/kind/values/traefik.yaml --wait --timeout 5m
envsubst <e2e/kind/manifests/whoami.yaml | kubectl apply -f -
kubectl -n whoami rollout status deploy/whoami --timeout=180s
BOUNCER_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
kubectl create namespace crowdsec --dry-run=client -o yaml | kubectl apply -f -
kubectl -n crowdsec create secret generic crowdsec-bouncer-edgelens --from-literal=key="$BOUNCER_KEY" --dry-run=client -o yaml | kubectl apply -f -
helm upgrade --install crowdsec crowdsec/crowdsec --version "$CROWDSEC_CHART_VERSION" -n crowdsec \
  -f e2e/kind/values/crowdsec.yaml --wait --timeout 5m

step "edgelens + agent (Kustomize; image built from deploy/Dockerfile)"
docker build -f deploy/Dockerfile -t edgelens:e2e .
kind load docker-image edgelens:e2e --name "$CLUSTER"
kubectl create namespace edgelens --dry-run=client -o yaml | kubectl apply -f -
kubectl -n edgelens create secret generic edgelens-agent-token --from-literal=token="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" --dry-run=client -o yaml | kubectl apply -f -
kubectl -n edgelens create secret generic edgelens-e2e-crowdsec --from-literal=key="$BOUNCER_KEY" --dry-run=client -o yaml | kubectl apply -f -
kubectl kustomize e2e/kind/kustomize | kubectl apply -f -
kubectl -n edgelens rollout status deploy/edgelens --timeout=300s
kubectl -n edgelens rollout status ds/edgelens-agent --timeout=300s

VIP=$(kubectl -n traefik get svc traefik -o jsonpath='{.status.loadBalancer.ingress[0].ip}')
[ -n "$VIP" ] || { echo "e2e/kind: Traefik got no LoadBalancer IP" >&2; exit 1; }
echo "e2e/kind: Traefik VIP $VIP" >&2

PORT=${EDGELENS_KIND_PORT:-3390}
kubectl -n edgelens port-forward svc/edgelens "$PORT:3000" >"$WORK/port-forward.log" 2>&1 &
PF_PID=$!
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break; sleep 1; done
export EDGELENS_KIND_URL="http://127.0.0.1:$PORT" EDGELENS_KIND_VIP="$VIP"

# Requests from this host (the kind network's gateway address: a LAN client, not a node).
traffic() {
  local target=$1
  for _ in $(seq 1 40); do
    curl -ksS -o /dev/null --max-time 5 --resolve "whoami.kind.test:443:$target" https://whoami.kind.test/ || true
  done
}
# Fresh access logs per phase: the report must judge this phase's requests only.
restart_traefik() {
  kubectl -n traefik rollout restart deploy/traefik
  kubectl -n traefik rollout status deploy/traefik --timeout=180s
}
phase() {
  step "Playwright phase $1"
  KIND_PHASE=$1 npx playwright test --config e2e/kind/playwright.config.ts
}

kubectl -n traefik patch svc traefik -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'
restart_traefik
traffic "$VIP"
phase cluster

kubectl -n traefik patch svc traefik -p '{"spec":{"externalTrafficPolicy":"Local"}}'
restart_traefik
sleep 10 # MetalLB moves the announcement to a node with a ready endpoint
traffic "$VIP"
phase local

step "generated HAProxy (PROXY v2) in front of Traefik"
# edgelens generates the config from the live cluster: node ports (pod IPs are not routable from a
# container on the kind network); under ETP=Local only nodes with a Traefik pod pass the health check.
node bin/edgelens.mjs haproxy --kubeconfig "$KUBECONFIG" --service traefik/traefik --mode nodeport --bind 0.0.0.0:443 --proxy v2 --json >"$WORK/haproxy.json"
jq -r .haproxyCfg "$WORK/haproxy.json" >"$WORK/haproxy.cfg"
docker rm -f "$HAPROXY_NAME" >/dev/null 2>&1 || true
# The official image runs as the unprivileged "haproxy" user: let it bind :443.
docker run -d --name "$HAPROXY_NAME" --network kind --sysctl net.ipv4.ip_unprivileged_port_start=0 -v "$WORK/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" "$HAPROXY_IMAGE" >/dev/null
HAPROXY_IP=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$HAPROXY_NAME")
# Traefik trusts PROXY headers from HAProxy's address only.
helm upgrade traefik traefik/traefik --version "$TRAEFIK_CHART_VERSION" -n traefik -f e2e/kind/values/traefik.yaml \
  --set-json "ports.websecure.proxyProtocol.trustedIPs=[\"$HAPROXY_IP/32\"]" --set service.spec.externalTrafficPolicy=Local --wait --timeout 5m
restart_traefik
traffic "$HAPROXY_IP"
export EDGELENS_KIND_HAPROXY="$HAPROXY_IP"
phase proxy

echo "e2e/kind: ok" >&2
