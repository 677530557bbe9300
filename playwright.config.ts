import { defineConfig, devices } from '@playwright/test';
import { PROBE_TARGETS_FILE } from './e2e/probe-targets-file';

// Playwright cannot download its own browser here: drive the system Chromium (LAB.md).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

const PORT = Number(process.env.EDGELENS_E2E_PORT ?? 3217);
/**
 * Point the specs at a server you already run (e.g. `next dev` while iterating:
 * EDGELENS_E2E_BASE_URL=http://localhost:3218). Without it, Playwright starts `edgelens serve`.
 */
const EXTERNAL = process.env.EDGELENS_E2E_BASE_URL;

export default defineConfig({
  testDir: 'e2e',
  // e2e/kind needs a real cluster; it is run on its own where Docker exists. The README
  // screenshots rewrite tracked files, so they run only from `npm run screenshots`, never in npm test.
  testIgnore: ['kind/**'],
  fullyParallel: false,
  // One lab server is shared by every spec and its scenario is global state.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: EXTERNAL ?? `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: EXTERNAL
    ? undefined
    : {
        command: `node bin/edgelens.mjs serve --port ${PORT}`,
        url: `http://127.0.0.1:${PORT}/api/v1/health`,
        env: {
          EDGELENS_MODE: 'lab',
          NEXT_TELEMETRY_DISABLED: '1',
          // e2e/edge.spec.ts writes this file after starting its Caddy; probes run only when asked
          // (POST /api/v1/probes/run), with small numbers so a run takes seconds.
          EDGELENS_PROBE_TARGETS_FILE: PROBE_TARGETS_FILE,
          EDGELENS_PROBE_INTERVAL: '0',
          EDGELENS_PROBE_SAMPLES: '3',
          EDGELENS_PROBE_SAMPLE_INTERVAL: '100',
          EDGELENS_PROBE_TIMEOUT: '3000',
          // The lab's own CrowdSec LAPI (lab/crowdsec-demo.ts) stays off here: specs mock or configure CrowdSec themselves.
          EDGELENS_LAB_CROWDSEC: process.env.EDGELENS_LAB_CROWDSEC ?? 'off',
        },
        reuseExistingServer: !process.env.CI,
        // `serve` runs `next build` first when there is no build: minutes on 2 cores.
        timeout: 300_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
