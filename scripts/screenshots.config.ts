// `npm run screenshots`: the README screenshots (desktop light, desktop dark,
// phone), taken from the lab with the same server setup as the e2e suite —
// plus the lab's real CrowdSec LAPI, so the CrowdSec panel is alive. Not part
// of `npm test`: it writes tracked files under docs/. Run from the package root (npm run sets the cwd).
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

const server = base.webServer && !Array.isArray(base.webServer) ? { ...base.webServer, cwd: process.cwd(), env: { ...base.webServer.env, EDGELENS_LAB_CROWDSEC: 'on', EDGELENS_PROBE_TARGETS_FILE: '' } } : base.webServer;

export default defineConfig({
  ...base,
  testDir: 'screenshots',
  testIgnore: [],
  testMatch: '*.shoot.ts',
  retries: 0,
  webServer: server,
});
