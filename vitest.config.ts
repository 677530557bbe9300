import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['{lib,server,probes,lab,cli,app,components,scripts,deploy}/**/*.test.{ts,tsx}'],
    exclude: ['node_modules', '.next', 'dist', 'e2e'],
    environment: 'node',
    // Route and runtime tests create a lab runtime: no live lab targets there (server/lab-targets.test.ts starts its own).
    // Route and runtime tests start no lab extras; the tests of those extras start them themselves.
    env: { EDGELENS_LAB_TARGETS: 'off', EDGELENS_LAB_CROWDSEC: 'off' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers (lab API, Caddy, LAPI, HAProxy); keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
