import { expect, test } from '@playwright/test';
import { DEFAULT_SCENARIO, findingsOf, lbCard, setScenario, waitForReport } from './lab';

declare global {
  interface Window {
    /** Set before a scenario switch; survives only if the page was not reloaded. */
    __edgelensNoReload?: string;
  }
}

const BEFORE_RULES = ['etp-cluster-snat', 'quic-etp-cluster-spread', 'etp-local-announcer-without-endpoint', 'lb-ip-referenced'];
const FIXED_BY_AFTER = ['etp-cluster-snat', 'quic-etp-cluster-spread', 'etp-local-announcer-without-endpoint'];

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('homelab-before: the shared traefik IP, its findings and the three verdicts', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // Dev-server HMR socket noise is not the page's fault.
    if (m.type() === 'error' && !m.text().includes('/_next/webpack-hmr') && !m.text().includes('/_next/hmr')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);

  await expect(page.getByRole('region', { name: 'Lab mode' })).toContainText('scenario homelab-before, not a real cluster');

  const lb = lbCard(page, '10.0.20.200');
  await expect(lb).toContainText('shared by 10 services');
  // Ten rows would crowd the card: it shows the first six until asked.
  await expect(lb.locator('tbody tr')).toHaveCount(6);
  await lb.getByRole('button', { name: 'Show all 10 services' }).click();
  await expect(lb.locator('tbody tr')).toHaveCount(10);
  await expect(lb.getByRole('img')).toHaveAttribute('aria-label', /10\.0\.20\.200 is announced by /);

  for (const rule of BEFORE_RULES) await expect(findingsOf(page, rule).first()).toBeVisible();

  await expect(page.getByTestId('verdict-clients')).toContainText('Likely not');
  await expect(page.getByTestId('verdict-clients')).toContainText('kube-proxy replaces client IPs with node IPs');
  await expect(page.getByTestId('verdict-h3')).toContainText('At risk');
  await expect(page.getByTestId('verdict-traps')).toContainText(/\d+ errors?/);
  expect(consoleErrors, 'console errors on the Overview').toEqual([]);
});

test('a verdict links to its evidence with a stable URL', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  await page.getByTestId('verdict-clients').getByRole('link').click();
  await expect(page).toHaveURL(/#finding-etp-cluster-snat-0$/);
  const target = page.locator('#finding-etp-cluster-snat-0');
  await expect(target).toHaveAttribute('data-rule', 'etp-cluster-snat');
  await expect(target).toBeInViewport();

  // The same URL opened fresh (a new document, not a same-page hash change) lands on the finding once the report has loaded.
  await page.goto('about:blank');
  await page.goto('/#finding-etp-cluster-snat-0');
  await waitForReport(page);
  await expect(page.locator('#finding-etp-cluster-snat-0')).toBeInViewport();
});

test('switching to homelab-after clears the fixed findings without a page reload', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  for (const rule of FIXED_BY_AFTER) await expect(findingsOf(page, rule).first()).toBeVisible();

  await page.evaluate(() => {
    window.__edgelensNoReload = 'still-here';
  });
  await page.getByLabel('Lab scenario').selectOption('homelab-after');

  await expect(page.getByRole('region', { name: 'Lab mode' })).toContainText('scenario homelab-after');
  for (const rule of FIXED_BY_AFTER) await expect(findingsOf(page, rule)).toHaveCount(0);
  await expect(page.getByTestId('verdict-clients')).toContainText('Config preserves them');
  await expect(page.getByTestId('verdict-h3')).toContainText('Config allows it');
  expect(await page.evaluate(() => window.__edgelensNoReload)).toBe('still-here');
});

test('follows the server live: a scenario switched elsewhere shows up without a reload', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  await expect(findingsOf(page, 'etp-cluster-snat').first()).toBeVisible();
  await page.evaluate(() => {
    window.__edgelensNoReload = 'still-here';
  });

  // Another client (the CLI, another tab) switches the scenario; the page polls and follows.
  await setScenario(request, 'homelab-after');
  await expect(findingsOf(page, 'etp-cluster-snat')).toHaveCount(0);
  await expect(lbCard(page, '10.0.20.203')).toBeVisible();
  await expect(page.getByLabel('Lab scenario')).toHaveValue('homelab-after');
  expect(await page.evaluate(() => window.__edgelensNoReload)).toBe('still-here');
});

test('shared-ip-conflict: mixed ETP on one IP and the refused allocation', async ({ page, request }) => {
  await setScenario(request, 'shared-ip-conflict');
  await page.goto('/');
  await waitForReport(page);
  await expect(page.getByLabel('Lab scenario')).toHaveValue('shared-ip-conflict');
  await expect(findingsOf(page, 'shared-ip-mixed-etp').first()).toBeVisible();
  await expect(findingsOf(page, 'allocation-failed').first()).toBeVisible();
  await expect(findingsOf(page, 'shared-ip-mixed-etp').first()).toContainText('Error');
  // The refused service is listed on the IP it asked for, marked, and first in the table.
  const refused = lbCard(page, '10.0.20.200').getByRole('row', { name: /traefik\/traefik/ });
  await expect(refused).toContainText('not allocated');
  await expect(page.getByTestId('verdict-clients')).toContainText('Not served');
  await expect(page.getByTestId('verdict-traps')).toContainText('Traps set');
});

test('a fix can be copied from a finding', async ({ page, request, context }) => {
  await setScenario(request, 'homelab-before');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForReport(page);
  const finding = findingsOf(page, 'etp-cluster-snat').first();
  const fix = (await finding.locator('pre').innerText()).trim();
  expect(fix.length).toBeGreaterThan(0);
  await finding.getByRole('button', { name: 'Copy fix' }).click();
  await expect(finding.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(fix);
});

test('no horizontal overflow at a 390px phone width', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await waitForReport(page);
  await lbCard(page, '10.0.20.200').getByRole('button', { name: /Show all/ }).click();
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
});
