#!/usr/bin/env bash
# Real end-to-end check on a kind cluster (needs Docker, kind, kubectl, helm-free):
#   bash e2e/kind/run.sh          # create cluster, install MetalLB, deploy workloads, run edgelens
#   KEEP=1 bash e2e/kind/run.sh   # keep the cluster afterwards
# It asserts that `edgelens cluster` against a live MetalLB finds the traps of the homelab story.
set -euo pipefail
cd "$(dirname "$0")/../.."
METALLB_VERSION=${METALLB_VERSION:-v0.14.9}
CLUSTER=edgelens
for cmd in docker kind kubectl jq envsubst; do command -v "$cmd" >/dev/null || { echo "e2e/kind: needs $cmd" >&2; exit 2; }; done
docker info >/dev/null 2>&1 || { echo "e2e/kind: no Docker engine running" >&2; exit 2; }

cleanup() { [ "${KEEP:-}" = 1 ] || kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true; }
trap cleanup EXIT

kind create cluster --config e2e/kind/kind-config.yaml --wait 120s
export KUBECONFIG="$(mktemp)"
kind get kubeconfig --name "$CLUSTER" > "$KUBECONFIG"

kubectl apply -f "https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-native.yaml"
kubectl -n metallb-system wait --for=condition=Available deploy/controller --timeout=180s
kubectl -n metallb-system rollout status ds/speaker --timeout=180s

# A pool inside the kind Docker network (e.g. 172.18.255.200-250).
SUBNET=$(docker network inspect kind -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' | tr ' ' '\n' | grep -m1 '\.')
PREFIX=$(echo "$SUBNET" | cut -d. -f1-2)
export VIP_SHARED="$PREFIX.255.200" VIP_MAIL="$PREFIX.255.201"
cat <<YAML | kubectl apply -f -
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: { name: homelab, namespace: metallb-system }
spec: { addresses: ["$PREFIX.255.200-$PREFIX.255.250"] }
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata: { name: homelab, namespace: metallb-system }
spec: { ipAddressPools: [homelab] }
YAML
envsubst < e2e/kind/manifests/workloads.yaml | kubectl apply -f -
kubectl -n traefik rollout status deploy/traefik --timeout=180s
kubectl -n mail rollout status deploy/mailserver --timeout=180s
sleep 10 # let the speakers announce and write ServiceL2Status

OUT=$(mktemp)
node bin/edgelens.mjs cluster --json > "$OUT" || true
jq -r '.findings[].rule' "$OUT" | sort -u
for rule in etp-cluster-snat quic-etp-cluster-spread lb-ip-referenced; do
  jq -e --arg r "$rule" 'any(.findings[]; .rule == $r)' "$OUT" >/dev/null || { echo "e2e/kind: expected finding $rule" >&2; exit 1; }
done
jq -e --arg ip "$VIP_SHARED" 'any(.loadBalancers[]; .ip == $ip and (.services | length) == 2 and .announcer != null)' "$OUT" >/dev/null \
  || { echo "e2e/kind: expected 2 services on $VIP_SHARED with a known announcer" >&2; exit 1; }
echo "e2e/kind: ok"
