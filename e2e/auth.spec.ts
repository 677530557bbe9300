// The sign-in page in a real browser: a second edgelens server with a token (lab data, same
// build as the shared one) refuses the overview, takes the token through its small form, and
// keeps the browser signed in with an HttpOnly, SameSite=Strict cookie.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { freeTcpPort } from '../lab/ports';
import { waitForReport } from './lab';

const TOKEN = 'e2e-token-5b1d9c3a7e2f4b6d';
let server: ChildProcess | null = null;
let base = '';

test.beforeAll(async () => {
  const port = await freeTcpPort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['bin/edgelens.mjs', 'serve', '--port', String(port)], {
    env: { ...process.env, EDGELENS_MODE: 'lab', EDGELENS_AUTH_TOKEN: TOKEN, EDGELENS_PROBE_INTERVAL: '0' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the token-protected server did not start');
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
});

test('the overview needs the token; the sign-in form sets an HttpOnly SameSite=Strict session', async ({ page, context }) => {
  const first = await page.goto(`${base}/`);
  expect(first?.status()).toBe(401);
  await expect(page.getByLabel('Access token')).toBeVisible();

  await page.getByLabel('Access token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That token was not accepted.');

  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForReport(page);
  expect(new URL(page.url()).pathname).toBe('/');

  const [cookie] = (await context.cookies(base)).filter((c) => c.name === 'edgelens_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(cookie?.value).not.toContain(TOKEN);

  // The API answers the signed-in browser, and nobody else.
  const api = await page.evaluate(async () => (await fetch('/api/v1/cluster')).status);
  expect(api).toBe(200);
  expect((await fetch(`${base}/api/v1/cluster`)).status).toBe(401);
});
