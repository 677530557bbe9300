#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh clone. Installs what is missing first (Debian
# packages, npm dependencies, CrowdSec binaries), then: import-boundary lint, typecheck,
# unit + integration tests (vitest: real lab API server, kubectl, CrowdSec LAPI, Caddy,
# HAProxy, network namespaces), and Playwright e2e in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n=== %s\n' "$*"; }

step "system packages"
bash scripts/install-system-deps.sh
if [ -f scripts/install-crowdsec.sh ]; then bash scripts/install-crowdsec.sh; fi

step "npm dependencies"
# A fresh clone installs exactly the lockfile (`npm ci`), so every run proves the lockfile works;
# an existing install is refreshed the same way when package.json or the lock moved past it.
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/build-cli.mjs

step "lint (import boundaries)"
npm run --silent lint

step "typecheck"
npx tsc --noEmit -p .

step "build the dashboard (once: the image-tree test and Playwright both reuse it)"
node bin/edgelens.mjs serve --build-only

mkdir -p .test-reports
step "unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

step "end-to-end (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json npx playwright test --reporter=list,json

node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/playwright.json
