#!/usr/bin/env bash
# Installs the Debian packages the test suite and benchmarks run for real (LAB.md):
# Chromium for Playwright, Caddy (HTTP/3 server), HAProxy, ngtcp2's reference client,
# iptables/iproute2 for kernel SNAT in network namespaces, openssl, curl, jq, GNU time, and
# shellcheck (CI lints e2e/kind/*.sh).
# Idempotent: only missing commands trigger apt-get. Needs root (or sudo) when something is missing.
set -euo pipefail

declare -A PKG_FOR=(
  [chromium]=chromium
  [caddy]=caddy
  [haproxy]=haproxy
  [gtlsclient]=ngtcp2-client
  [iptables]=iptables
  [ip]=iproute2
  [openssl]=openssl
  [curl]=curl
  [jq]=jq
  [/usr/bin/time]=time
  [kubectl]=kubernetes-client
  [shellcheck]=shellcheck
)

missing=()
for cmd in "${!PKG_FOR[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "$cmd" ]; then missing+=("${PKG_FOR[$cmd]}"); fi
done
# Chromium without its Recommends has no fonts of its own: pages would render with boxes.
if [ ! -d /usr/share/fonts/truetype/liberation ]; then missing+=(fonts-liberation); fi
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "edgelens: missing Debian packages (${missing[*]}) and not root: install them, or run as root" >&2
    exit 1
  fi
fi
echo "edgelens: installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts caddy/haproxy as services where an init system runs; the tests start their own.
for svc in caddy haproxy; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then $SUDO systemctl stop "$svc" || true; fi
done
pkill -x caddy 2>/dev/null || true
