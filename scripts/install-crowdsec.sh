#!/usr/bin/env bash
# Unpacks Debian's crowdsec package (binaries + default config) into
# $EDGELENS_CROWDSEC_DIR without installing it: `apt-get install crowdsec`
# runs a postinst that registers with the online API and leaves dpkg
# half-configured offline (LAB.md). Idempotent: does nothing when the
# binaries are already there.
set -euo pipefail

DIR="${EDGELENS_CROWDSEC_DIR:-/opt/edgelens-crowdsec}"

if [[ -x "$DIR/usr/bin/crowdsec" && -x "$DIR/usr/bin/cscli" ]]; then
  echo "crowdsec already unpacked in $DIR"
  exit 0
fi

for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || { echo "install-crowdsec: $tool not found (Debian/Ubuntu needed)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download runs as the _apt user when root; it must be able to write here.
chmod 0777 "$work"

if ! apt-get download crowdsec; then
  echo "install-crowdsec: download failed, refreshing package lists" >&2
  apt-get update
  apt-get download crowdsec
fi

deb="$(ls crowdsec_*.deb | head -n1)"
mkdir -p "$DIR"
dpkg -x "$deb" "$DIR"

if [[ ! -x "$DIR/usr/bin/crowdsec" || ! -x "$DIR/usr/bin/cscli" ]]; then
  echo "install-crowdsec: $deb did not contain usr/bin/crowdsec and usr/bin/cscli" >&2
  exit 1
fi
echo "crowdsec unpacked in $DIR ($("$DIR/usr/bin/cscli" version 2>&1 | grep -m1 -i version || true))"
