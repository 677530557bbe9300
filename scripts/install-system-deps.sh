#!/usr/bin/env bash
# Installs the Debian packages the test suite and benchmarks run for real (LAB.md):
# Chromium for Playwright, Caddy (HTTP/3 server), HAProxy, ngtcp2's reference client and server,
# iptables/iproute2 for kernel SNAT in network namespaces, openssl, curl, jq, GNU time, and
# shellcheck (CI lints e2e/kind/*.sh).
# Idempotent: only missing commands trigger apt-get. Needs root (or sudo) when something is missing.
set -euo pipefail

declare -A PKG_FOR=(
  [chromium]=chromium
  [caddy]=caddy
  [haproxy]=haproxy
  [gtlsclient]=ngtcp2-client
  [/usr/sbin/gtlsserver]=ngtcp2-server
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
# Debian's caddy and haproxy packages start a service on install; the tests start their own, on
# their own ports. Debian's policy-rc.d hook (exit 101 = "do not start") keeps the packages we
# install now from starting anything, so there is nothing to stop afterwards — and a Caddy or
# HAProxy the user already runs is never touched (no pkill by name).
POLICY=/usr/sbin/policy-rc.d
OWN_POLICY=""
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
  $SUDO chmod 755 "$POLICY"
  OWN_POLICY=1
fi
cleanup() { if [ -n "$OWN_POLICY" ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# An existing policy-rc.d may allow starts: stop only the services of packages installed just now.
if [ -z "$OWN_POLICY" ] && command -v systemctl >/dev/null 2>&1; then
  for svc in caddy haproxy ngtcp2d; do
    case " ${missing[*]} " in *" $svc "*) $SUDO systemctl stop "$svc" 2>/dev/null || true ;; esac
  done
fi
