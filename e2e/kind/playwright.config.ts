// Playwright for the kind suite (e2e/kind/run.sh): against edgelens in the kind cluster,
// port-forwarded to EDGELENS_KIND_URL. Never part of the default run (playwright.config.ts ignores e2e/kind).
import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'kind.spec.ts',
  workers: 1,
  reporter: 'list',
  timeout: 240_000,
  expect: { timeout: 120_000 },
  use: { baseURL: process.env.EDGELENS_KIND_URL ?? 'http://127.0.0.1:3390' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
  ],
});
