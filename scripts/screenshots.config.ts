// `npm run screenshots`: the README screenshots (desktop light, desktop dark,
// phone), taken from the lab with the same server setup as the e2e suite. Not
// part of `npm test`: it writes tracked files under docs/.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

export default defineConfig({
  ...base,
  testDir: 'screenshots',
  testIgnore: [],
  testMatch: '*.shoot.ts',
  retries: 0,
});
