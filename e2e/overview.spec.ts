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

/** "No — 97% of 1,765 requests on 6 routers came from node addresses …": the answer word, then the number and its label. */
async function answerOf(card: Locator): Promise<string> {
  const word = (await card.locator('.verdict-answer').innerText()).trim();
  const figure = (await card.locator('.verdict-figure').innerText()).trim().replace(/\s+/g, ' ');
  return `${word} — ${figure}`;
}

/**
 * The HTTP/3 card answers from the probes once one has run, else from the config with "Not probed yet".
 * e2e/edge.spec.ts writes (and removes) the probe target file the shared server reads, so either may hold here.
 */
async function expectH3Answered(card: Locator, configWord: string): Promise<void> {
  await expect(card).toContainText(/Not probed yet|Based on HTTP\/3 probes/);
  if ((await card.getAttribute('data-basis')) === 'config') {
    await expect(card).toContainText(configWord);
    await expect(card.getByTestId('verdict-note')).toContainText('Not probed yet — configure probe targets');
    await expect(card.getByTestId('verdict-note').getByRole('link', { name: 'Edge' })).toHaveAttribute('href', '/edge');
  } else {
    await expect(card.getByRole('link', { name: 'See the probe evidence' })).toHaveAttribute('href', '/edge');
  }
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

  // The access logs answer the first question; the ETP=Cluster config is the supporting line.
  const clients = page.getByTestId('verdict-clients');
  await expect(clients).toHaveAttribute('data-basis', 'logs');
  expect(await answerOf(clients)).toMatch(/^No — \d+% of [\d,]+ requests on \d+ routers came from node addresses 10\.0\.20\.\d+/);
  await expect(clients).toContainText('Based on Traefik access logs');
  await expect(clients.getByTestId('verdict-support')).toContainText('Cluster config: traefik/traefik uses externalTrafficPolicy Cluster on 10.0.20.200');
  await expect(clients.getByRole('link', { name: 'See the access-log evidence' })).toHaveAttribute('href', '/clients');

  await expectH3Answered(page.getByTestId('verdict-h3'), 'At risk');
  await expect(page.getByTestId('verdict-traps')).toContainText(/\d+ errors?/);
  await expect(page.getByTestId('verdict-traps')).toContainText('findings in the cluster config');
  expect(consoleErrors, 'console errors on the Overview').toEqual([]);
});

test('a verdict links to its evidence with a stable URL', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  // The config fact under the log-based answer links to the finding on this page.
  await page.getByTestId('verdict-clients').getByTestId('verdict-support').getByRole('link', { name: 'see the finding' }).click();
  await expect(page).toHaveURL(/#finding-etp-cluster-snat-0$/);
  const target = page.locator('#finding-etp-cluster-snat-0');
  await expect(target).toHaveAttribute('data-rule', 'etp-cluster-snat');
  await expect(target).toBeInViewport();

  // The same URL opened fresh (a new document, not a same-page hash change) lands on the finding once the report has loaded.
  await page.goto('about:blank');
  await page.goto('/#finding-etp-cluster-snat-0');
  await waitForReport(page);
  await expect(page.locator('#finding-etp-cluster-snat-0')).toBeInViewport();

  // The answer itself links to the page with the access-log evidence.
  await page.getByTestId('verdict-clients').getByRole('link', { name: 'See the access-log evidence' }).click();
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
  await expect(clients.locator('.verdict-answer')).toHaveText('Yes');
  expect(await answerOf(clients)).toMatch(/^Yes — 100% of [\d,]+ requests on \d+ routers came from client addresses$/);
  await expect(clients.getByTestId('verdict-support')).toContainText('traefik/traefik uses externalTrafficPolicy Local on 10.0.20.203');
  await expectH3Answered(page.getByTestId('verdict-h3'), 'Config allows it');
  expect(await page.evaluate(() => window.__edgelensNoReload)).toBe('still-here');
});

test('the access logs never hold the first screen back: config answer first, log answer when it arrives', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/logs', async (route: Route) => {
    await held;
    await route.fallback();
  });
  await page.goto('/');
  await waitForReport(page);
  const clients = page.getByTestId('verdict-clients');
  await expect(clients).toHaveAttribute('data-basis', 'config');
  await expect(clients).toContainText('Likely not');
  await expect(clients.getByRole('status')).toHaveText('Checking access logs…');
  release();
  await expect(clients).toHaveAttribute('data-basis', 'logs');
  await expect(clients.locator('.verdict-answer')).toHaveText('No');
  await expect(clients.getByTestId('verdict-note')).toHaveCount(0);
});

test('access logs that cannot be sampled: the config answer, and why in short', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.route('**/api/v1/logs', (route: Route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'cluster-unreachable', message: 'The Kubernetes API server did not answer within 5 s.' } }),
    }),
  );
  await page.goto('/');
  await waitForReport(page);
  const clients = page.getByTestId('verdict-clients');
  await expect(clients.getByTestId('verdict-note')).toContainText(
    'Access logs could not be sampled: The Kubernetes API server did not answer within 5 s.',
  );
  await expect(clients).toHaveAttribute('data-basis', 'config');
  await expect(clients).toContainText('Likely not');
  await expect(clients.getByRole('link', { name: 'See the evidence' })).toHaveAttribute('href', '#finding-etp-cluster-snat-0');
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
  await expect(page.getByTestId('verdict-clients').locator('.verdict-answer')).toHaveText('Yes');
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
  // The logs still answer the client-IP question; the refusal is the config fact under it.
  await expect(page.getByTestId('verdict-clients').getByTestId('verdict-support')).toContainText('traefik/traefik asks for 10.0.20.200 but MetalLB refused it');
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
