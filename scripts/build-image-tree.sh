#!/usr/bin/env bash
# Builds edgelens' production tree: what the container image runs, and nothing else.
#   scripts/build-image-tree.sh OUT_DIR
# deploy/Dockerfile runs exactly this; scripts/image-tree.test.ts runs it on a scratch copy of
# the repository and starts the result as a non-root user. The tree holds Next's standalone
# server (server.js + traced node_modules), its static assets, the CLI bundle (dist/) with the
# production packages it loads (QUIC native module, better-sqlite3's native build), the lab's
# scenarios and edgelens' ClusterRole (the lab enforces it). No dev dependencies, no sources.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/build-image-tree.sh OUT_DIR}
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
node scripts/build-cli.mjs
# `next build` only when the sources moved past the last build (same check as `edgelens serve`).
node bin/edgelens.mjs serve --build-only

rm -rf "$OUT"
mkdir -p "$OUT"
cp -a .next/standalone/. "${OUT:?}/"
# A checkout's `serve` links static assets into the standalone folder; the tree gets real copies.
rm -rf "${OUT:?}/.next/static" "${OUT:?}/public"
cp -a .next/static "${OUT:?}/.next/static"
if [ -d public ]; then cp -a public "${OUT:?}/public"; fi
# What tracing picked up beside server.js but the tree does not run from (sources, fixtures).
rm -rf "${OUT:?}/app" "${OUT:?}/components" "${OUT:?}/lib" "${OUT:?}/server" "${OUT:?}/cli" "${OUT:?}/probes" "${OUT:?}/e2e" "${OUT:?}/deploy" "${OUT:?}/dist" "${OUT:?}/lab"

mkdir -p "${OUT:?}/scripts" "${OUT:?}/lab" "${OUT:?}/deploy/kustomize/base"
cp -a bin dist package.json "${OUT:?}/"
cp -a scripts/cli-bundle.mjs "${OUT:?}/scripts/"
cp -a lab/scenarios "${OUT:?}/lab/scenarios"
cp -a deploy/kustomize/base/clusterrole.yaml "${OUT:?}/deploy/kustomize/base/"
node scripts/copy-prod-deps.mjs "${OUT:?}/node_modules"
# better-sqlite3 ships its C sources and build intermediates; only the built addon runs.
if [ -d "${OUT:?}/node_modules/better-sqlite3" ]; then
  rm -rf "${OUT:?}/node_modules/better-sqlite3/deps" "${OUT:?}/node_modules/better-sqlite3/src" \
    "${OUT:?}/node_modules/better-sqlite3/build/Release/obj" "${OUT:?}/node_modules/better-sqlite3/build/Release/obj.target" \
    "${OUT:?}/node_modules/better-sqlite3/build/Release/.deps" "${OUT:?}/node_modules/better-sqlite3/build/deps" \
    "${OUT:?}/node_modules/better-sqlite3/build/Release/sqlite3.a" "${OUT:?}/node_modules/better-sqlite3/build/Release/test_extension.node"
fi
# Image optimisation is off (next.config.ts), so sharp never loads; type declarations, source
# maps and TypeScript sources are not run by Node.
rm -rf "${OUT:?}/node_modules/sharp" "${OUT:?}/node_modules/@img"
find "${OUT:?}/node_modules" -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \) -delete
chmod -R a+rX "$OUT"
echo "image tree: $OUT ($(du -sh "$OUT" | cut -f1))"
