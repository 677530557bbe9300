// The Fix page against the lab: a real haproxy.cfg from the scenario's Traefik
// endpoints, live regeneration, the server's reason for bad input, downloads,
// and a URL that reproduces the view.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario } from './lab';

/** `server NAME 10.244.x.y:PORT … send-proxy-v2` — one per Traefik pod of homelab-before. */
const POD_SERVER_V2 = /^\s*server \S+ 10\.244\.\d+\.\d+:\d+ .*send-proxy-v2$/gm;

function cfg(page: Page) {
  return page.getByTestId('file-haproxy').locator('pre');
}

function serverLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s*server /.test(l));
}

async function openFix(page: Page, search = ''): Promise<void> {
  await page.goto(`/fix${search}`);
  await expect(cfg(page)).toContainText('server ');
}

test.beforeEach(async ({ request }) => {
  await setScenario(request, 'homelab-before');
});

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('homelab-before: haproxy.cfg for the Traefik pods, with warnings and a stable URL', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('/_next/webpack-hmr') && !m.text().includes('/_next/hmr')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await openFix(page);
  await expect(page).toHaveTitle('Fix · edgelens');
  await expect(page.getByRole('link', { name: 'Fix', exact: true })).toHaveAttribute('aria-current', 'page');
  // Traefik is preselected, and the choice is written into the URL.
  await expect(page).toHaveURL(/\/fix\?svc=traefik%2Ftraefik$/);
  await expect(page.getByLabel('LoadBalancer Service', { exact: true })).toHaveValue('traefik/traefik');

  const text = await cfg(page).innerText();
  expect(text.match(POD_SERVER_V2), text).toHaveLength(3);
  expect(serverLines(text)).toHaveLength(3);

  // Warnings are shown as icon + word; the unknown HAProxy address is among them.
  const warnings = page.getByTestId('fix-warnings');
  await expect(warnings).toContainText('Warning');
  await expect(warnings).toContainText('HAPROXY_SOURCE_IP');
  await expect(page.getByTestId('file-traefik-static').locator('pre')).toContainText('proxyProtocol:');
  await expect(page.getByTestId('file-helm-values').locator('pre')).toContainText('ports:');
  await expect(page.getByTestId('file-traefik-cli').locator('pre')).toContainText('--entryPoints.websecure.proxyProtocol.trustedIPs=');
  expect(consoleErrors, 'console errors on the Fix page').toEqual([]);
});

test('switching to PROXY v1 regenerates with send-proxy, and the URL reproduces it', async ({ page }) => {
  await openFix(page);
  await page.getByRole('radio', { name: /^v1/ }).check();
  await expect(cfg(page)).not.toContainText('send-proxy-v2');
  const text = await cfg(page).innerText();
  const servers = serverLines(text);
  expect(servers).toHaveLength(3);
  for (const line of servers) expect(line).toMatch(/ send-proxy$/);
  await expect(page).toHaveURL(/[?&]proxy=v1(&|$)/);

  // The same URL opened fresh shows the same view.
  await page.reload();
  await expect(page.getByRole('radio', { name: /^v1/ })).toBeChecked();
  await expect(cfg(page)).toContainText(' send-proxy\n');
  await expect(cfg(page)).not.toContainText('send-proxy-v2');
});

test('an injected egress value shows the server reason inline and marks the last output stale', async ({ page }) => {
  await openFix(page);
  const output = page.getByTestId('fix-output');
  await expect(output).toHaveAttribute('data-stale', 'false');

  const egress = page.getByLabel('HAProxy source address (egress)');
  await egress.fill('1.2.3.4 #x');
  const problem = page.getByTestId('fix-problem');
  await expect(problem).toContainText('egress');
  await expect(problem).toContainText('"1.2.3.4 #x"');
  await expect(problem).toContainText('is not an IPv4 or IPv6 address');
  await expect(egress).toHaveAttribute('aria-invalid', 'true');
  // The last good config stays on screen, visibly marked as stale, and never contains the injected text.
  await expect(output).toHaveAttribute('data-stale', 'true');
  await expect(output).toContainText('Stale');
  await expect(cfg(page)).toContainText('send-proxy-v2');
  await expect(cfg(page)).not.toContainText('#x');

  // A real address clears the problem and is used as HAProxy's source and Traefik's only trusted IP.
  await egress.fill('10.0.20.5');
  await expect(problem).toHaveCount(0);
  await expect(output).toHaveAttribute('data-stale', 'false');
  await expect(cfg(page)).toContainText('source 10.0.20.5');
  await expect(page.getByTestId('fix-trusted')).toContainText('10.0.20.5');
  await expect(page.getByTestId('file-traefik-static').locator('pre')).toContainText('- "10.0.20.5"');
  await expect(egress).not.toHaveAttribute('aria-invalid', 'true');
});

test('downloads haproxy.cfg and the Traefik values as files', async ({ page }) => {
  // With HAProxy's egress given: files holding the HAPROXY_SOURCE_IP placeholder are not offered for download.
  await openFix(page, '?egress=10.0.20.5');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('file-haproxy').getByRole('link', { name: 'Download haproxy.cfg' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('haproxy.cfg');
  const path = await download.path();
  const text = await readFile(path, 'utf8');
  expect(text).toContain('send-proxy-v2');
  expect(text.match(POD_SERVER_V2)).toHaveLength(3);

  const [values] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('file-helm-values').getByRole('link', { name: /^Download/ }).click(),
  ]);
  expect(values.suggestedFilename()).toBe('values-proxy-protocol.yaml');
  expect(await readFile(await values.path(), 'utf8')).toContain('proxyProtocol:');

  const [statics] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('file-traefik-static').getByRole('link', { name: /^Download/ }).click(),
  ]);
  expect(statics.suggestedFilename()).toBe('traefik-proxy-protocol.yml');
});

test('manual backends start from the service endpoints and can be edited row by row', async ({ page }) => {
  await openFix(page);
  await page.getByRole('radio', { name: 'Addresses I enter' }).check();
  // Prefilled from the last output: the three Traefik pods.
  await expect(page.getByLabel('backend 3 address')).toHaveValue(/^10\.244\./);
  await page.getByRole('button', { name: 'Remove backend 3' }).click();
  await expect(page.getByLabel('backend 3 address')).toHaveCount(0);
  await expect.poll(async () => serverLines(await cfg(page).innerText()).length).toBe(2);
  await expect(page).toHaveURL(/[?&]source=manual&backend=10\.244\.[\d.]+%3A\d+&backend=/);

  await page.getByRole('button', { name: '+ Add backend' }).click();
  await page.getByLabel('backend 3 address').fill('192.0.2.10');
  await page.getByLabel('backend 3 port').fill('abc');
  await expect(page.getByTestId('fix-problem')).toContainText('backend 3: "abc" is not a port');
  await expect(page.getByLabel('backend 3 port')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('backend 3 port').fill('8443');
  await expect(page.getByTestId('fix-problem')).toHaveCount(0);
  await expect(cfg(page)).toContainText('192.0.2.10:8443');
  // :80 pass-through needs a Service: not offered for manual backends.
  await expect(page.getByLabel(/Also pass plain HTTP/)).toHaveCount(0);
});

test('a mail Service: every port, only the node with the pod, health-checked on healthCheckNodePort, Postfix and Dovecot settings', async ({ page }) => {
  await openFix(page, '?svc=mail%2Fmailserver&mode=nodeport&egress=10.0.20.5');
  await expect(page.getByLabel('LoadBalancer Service', { exact: true })).toHaveValue('mail/mailserver');
  const text = await cfg(page).innerText();
  for (const port of [25, 465, 587, 993]) expect(text).toContain(`bind 0.0.0.0:${port}`);
  expect(text).toContain('option httpchk GET /healthz');
  expect(text).toMatch(/server k8s-node\d \S+ check port 32394 /);
  await expect(page.getByTestId('file-receiver-postfix').first().locator('pre')).toContainText('-o postscreen_upstream_proxy_protocol=haproxy');
  await expect(page.getByTestId('file-receiver-dovecot').locator('pre')).toContainText('haproxy_trusted_networks = 10.0.20.5');
  await expect(page.getByTestId('file-traefik-static')).toHaveCount(0);
  await expect(page.getByTestId('fix-output')).toContainText(/ipMode VIP/);

  // Only IMAPS, and the URL keeps the choice.
  await page.getByLabel(/Service ports/).fill('993');
  await expect.poll(async () => serverLines(await cfg(page).innerText()).length).toBe(1);
  await expect(page).toHaveURL(/[?&]ports=993(&|$)/);
  await expect(page.getByTestId('file-receiver-postfix')).toHaveCount(0);
});

for (const width of [1280, 390]) {
  test(`no horizontal overflow at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await openFix(page, '?svc=traefik%2Ftraefik&mode=nodeport&http=1&egress=10.0.20.5');
    await expect(cfg(page)).toContainText('frontend fe_web');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
}
