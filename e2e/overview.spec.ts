import { expect, test, type Locator, type Route } from '@playwright/test';
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

/** Waits until the server's answers replaced the pending cards (the first pod-log sample takes a few seconds). */
async function answered(card: Locator): Promise<void> {
  await expect(card).not.toHaveAttribute('data-answer', 'pending', { timeout: 30_000 });
}

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

  // The access logs answer the first question; the ETP=Cluster config is evidence under it.
  const clients = page.getByTestId('verdict-clients');
  await answered(clients);
  await expect(clients).toHaveAttribute('data-basis', 'logs');
  await expect(clients.locator('.verdict-answer')).toHaveText('No');
  await expect(clients.getByTestId('verdict-headline')).toHaveText(/^No — [\d,]+ of [\d,]+ requests on \d+ routers \(\d+%\) came from node or pod addresses 10\.0\.20\.\d+/);
  await expect(clients).toContainText('Based on Traefik access logs and the cluster config');
  await expect(clients.getByTestId('verdict-evidence')).toContainText('Service traefik/traefik on 10.0.20.200 (TCP/80, TCP/443) has externalTrafficPolicy: Cluster');
  await expect(clients.getByRole('link', { name: 'See the evidence' })).toHaveAttribute('href', '/clients');

  await answered(page.getByTestId('verdict-h3'));
  const traps = page.getByTestId('verdict-traps');
  await expect(traps.locator('.verdict-answer')).toHaveText('Traps set');
  await expect(traps.getByTestId('verdict-headline')).toHaveText(/^1 error, \d+ warnings set/);
  expect(consoleErrors, 'console errors on the Overview').toEqual([]);
});

test('a verdict links to its evidence with a stable URL', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  // The traps answer links to the findings on this page.
  await answered(page.getByTestId('verdict-traps'));
  await page.getByTestId('verdict-traps').getByRole('link', { name: 'See the evidence' }).click();
  await expect(page).toHaveURL(/#findings$/);
  await expect(page.locator('#findings')).toBeInViewport();
  const target = page.locator('#finding-etp-cluster-snat-0');
  await expect(target).toHaveAttribute('data-rule', 'etp-cluster-snat');

  // The same URL opened fresh (a new document, not a same-page hash change) lands on the finding once the report has loaded.
  await page.goto('about:blank');
  await page.goto('/#finding-etp-cluster-snat-0');
  await waitForReport(page);
  await expect(page.locator('#finding-etp-cluster-snat-0')).toBeInViewport();

  // The client-IP answer links to the page with the access-log evidence.
  await answered(page.getByTestId('verdict-clients'));
  await page.getByTestId('verdict-clients').getByRole('link', { name: 'See the evidence' }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'snat');
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
  // The new scenario's own access logs answer (never the old scenario's, still cached a moment ago).
  const clients = page.getByTestId('verdict-clients');
  await expect(clients.locator('.verdict-answer')).toHaveText('Yes', { timeout: 30_000 });
  await expect(clients.getByTestId('verdict-headline')).toHaveText(/^Yes — [\d,]+ of [\d,]+ requests on \d+ routers \(100%\) came from client addresses\.$/);
  await expect(clients.getByTestId('verdict-evidence')).toContainText('Service traefik/traefik on 10.0.20.203 (TCP/80, TCP/443) has externalTrafficPolicy: Local');
  await answered(page.getByTestId('verdict-h3'));
  expect(await page.evaluate(() => window.__edgelensNoReload)).toBe('still-here');
});

test('the answers never hold the page back: load balancers first, answers when they arrive', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/summary', async (route: Route) => {
    await held;
    await route.fallback();
  });
  await page.goto('/');
  await waitForReport(page);
  await expect(lbCard(page, '10.0.20.200')).toBeVisible();
  const clients = page.getByTestId('verdict-clients');
  await expect(clients.getByRole('status')).toHaveText('Reading the logs, probes and cluster…');
  release();
  await answered(clients);
  await expect(clients.locator('.verdict-answer')).toHaveText('No');
});

test('answers that cannot be computed say why, in the cards', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.route('**/api/v1/summary', (route: Route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'cluster-unreachable', message: 'The Kubernetes API server did not answer within 5 s.' } }),
    }),
  );
  await page.goto('/');
  await waitForReport(page);
  await expect(page.getByTestId('verdict-clients')).toContainText('The answers could not be computed: The Kubernetes API server did not answer within 5 s.', { timeout: 30_000 });
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
  // Nothing invalidated the logs query here: the page asks for the new cluster's access logs itself.
  await expect(page.getByTestId('verdict-clients').locator('.verdict-answer')).toHaveText('Yes', { timeout: 30_000 });
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
  // The refusal comes first under the client-IP answer, before any log share.
  const clients = page.getByTestId('verdict-clients');
  await answered(clients);
  await expect(clients.getByTestId('verdict-evidence').locator('li').first()).toHaveText(
    'Service traefik/traefik asks for 10.0.20.200 but has no external IP (the load balancer did not assign it): no client reaches it at all',
  );
  await expect(page.getByTestId('verdict-traps')).toContainText('Traps set');
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
