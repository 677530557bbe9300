// The Client IPs page against the lab: the Traefik pods' own access logs,
// read through the lab's Kubernetes API, judged per router; CrowdSec's state;
// the designed loading / error / no-source states; a phone-width layout.
import { expect, test, type Page, type Route } from '@playwright/test';
import { banDecision, DEFAULT_SCENARIO, mockCrowdsec, setScenario } from './lab';

async function openClients(page: Page): Promise<void> {
  await page.goto('/clients');
  await expect(page.getByTestId('client-verdict')).toBeVisible();
}

function routerRows(page: Page) {
  return page.getByTestId('routers-table').locator('tbody tr');
}

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('homelab-before: snat on every router, with the numbers, a stacked chart and node clients on top', async ({ page, request }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('/_next/webpack-hmr') && !m.text().includes('/_next/hmr')) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await setScenario(request, 'homelab-before');
  await openClients(page);
  await expect(page).toHaveTitle('Client IPs · edgelens');
  await expect(page.getByRole('link', { name: 'Client IPs' })).toHaveAttribute('aria-current', 'page');

  // The page leads with the summary's answer; the access-log sample is the evidence beneath it.
  await expect(page.getByTestId('verdict-clients')).toHaveAttribute('data-answer', 'no');
  const verdict = page.getByTestId('client-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'snat');
  await expect(verdict).toContainText('SNAT seen');
  // "97% of 1,765 requests on 6 routers came from node addresses 10.0.20.101-105: …"
  await expect(verdict).toContainText(/\d+% of [\d,]+ requests on 6 routers came from node addresses 10\.0\.20\.10\d-10\d/);

  // The direct routers of the lab's Traefik: all snat, with the ratio as a percentage and the word next to the icon.
  await expect(routerRows(page)).toHaveCount(6);
  for (const row of await routerRows(page).all()) {
    await expect(row).toHaveAttribute('data-verdict', 'snat');
    await expect(row).toContainText(/\d+%/);
    await expect(row).toContainText('snat');
  }
  await expect(page.getByTestId('router-row').filter({ hasText: 'immich@kubernetes' })).toBeVisible();

  // Peer, claimed client and judged address per class, read from the same report: nothing was
  // forwarded in the lab, so all three name the node for the SNATed requests.
  const logs = (await (await request.get('/api/v1/logs')).json()) as { classes: Record<string, number> };
  const nodeRow = page.getByTestId('address-views').locator('tbody tr[data-class="node"]');
  const nodes = (logs.classes.node ?? 0).toLocaleString('en-US');
  await expect(nodeRow.locator('td')).toHaveText([nodes, nodes, nodes]);
  await expect(page.getByTestId('address-forwarding')).toContainText('No request in the sample carried X-Forwarded-For');
  await expect(page.getByTestId('address-protocols')).toContainText(/Protocols: HTTP\/2\.0 [\d,]+ · HTTP\/1\.1 [\d,]+\./);

  // The chart: an SVG with one stacked area per class present, and a legend that names them.
  const chart = page.getByTestId('requests-chart');
  await expect(chart.locator('svg path.recharts-area-area').first()).toBeVisible();
  expect(await chart.locator('svg path.recharts-area-area').count()).toBeGreaterThanOrEqual(2);
  // The legend is a row of buttons: each names its class and hides/shows it.
  await expect(chart.getByTestId('legend-toggle').filter({ hasText: 'node' })).toBeVisible();
  await expect(chart.getByTestId('legend-toggle').filter({ hasText: 'documentation' })).toBeVisible();
  const areas = await chart.locator('svg path.recharts-area-area').count();
  await chart.getByTestId('legend-toggle').filter({ hasText: 'node' }).click();
  await expect(chart.getByTestId('legend-toggle').filter({ hasText: 'node' })).toHaveAttribute('aria-pressed', 'false');
  await expect(chart.locator('svg path.recharts-area-area')).toHaveCount(areas - 1);
  await chart.getByTestId('legend-toggle').filter({ hasText: 'node' }).click();
  await expect(chart.getByTestId('chart-span')).toContainText('the last minute');
  // At a glance per router: CrowdSec coverage (the e2e server runs without a LAPI).
  await expect(page.getByTestId('router-crowdsec').first()).toHaveText('not configured');
  await expect(chart.locator('p.visually-hidden')).toContainText(/requests over \d+ minutes/);

  const top = page.getByTestId('top-clients').locator('tbody tr').first();
  await expect(top).toHaveAttribute('data-class', 'node');
  await expect(top).toContainText('node');

  await expect(page.locator('[data-testid="finding"][data-rule="client-ip-snat"]')).toHaveCount(6);
  await expect(page.getByTestId('log-sources').getByTestId('source-row')).toHaveCount(3);
  await expect(page.getByTestId('log-sources')).toContainText('pods of LoadBalancer Service traefik/traefik');
  await expect(page.getByTestId('log-sources')).toContainText(/malformed/);

  // No CrowdSec in the lab: the page says how to connect it, and shows no invented data.
  await expect(page.getByTestId('crowdsec')).toHaveAttribute('data-verdict', 'not-configured');
  await expect(page.getByTestId('crowdsec-setup')).toContainText('EDGELENS_CROWDSEC_URL');
  await expect(page.getByTestId('crowdsec-setup')).toContainText('cscli bouncers add edgelens');
  await expect(page.getByTestId('crowdsec-decisions')).toHaveCount(0);
  // Without a LAPI the logs still say CrowdSec would be blind (its whitelist drops the node sources),
  // and the bouncer plugin's Middleware is read and judged.
  await expect(page.getByTestId('crowdsec-routers').locator('tbody tr[data-sight="blind"]').first()).toBeVisible();
  await expect(page.getByTestId('crowdsec-assumed')).toContainText('hub-2026');
  await expect(page.getByTestId('crowdsec-bouncers')).toContainText('traefik/crowdsec-bouncer');
  await expect(page.getByTestId('crowdsec').locator('[data-testid="finding"][data-rule="crowdsec-bouncer-trusts-snat-source"]')).toBeVisible();
  expect(consoleErrors, 'console errors on the Client IPs page').toEqual([]);
});

test('homelab-after: preserved on every router, no SNAT finding', async ({ page, request }) => {
  await setScenario(request, 'homelab-after');
  await openClients(page);
  const verdict = page.getByTestId('client-verdict');
  await expect(verdict).toHaveAttribute('data-verdict', 'preserved');
  await expect(verdict).toContainText('Client addresses seen');
  await expect(page.getByTestId('verdict-clients')).toHaveAttribute('data-answer', 'yes');
  await expect(verdict).toContainText(/came from client addresses \(.*documentation [\d,]+\)/);
  await expect(routerRows(page)).toHaveCount(6);
  for (const row of await routerRows(page).all()) await expect(row).toHaveAttribute('data-verdict', 'preserved');
  await expect(page.locator('[data-testid="finding"][data-rule="client-ip-snat"]')).toHaveCount(0);
  await expect(page.getByTestId('requests-chart').locator('svg path.recharts-area-area').first()).toBeVisible();
  await expect(page.getByTestId('top-clients').locator('tbody tr').first()).toHaveAttribute('data-class', 'documentation');
});

test('switching the lab scenario from the banner updates the page without a reload', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await openClients(page);
  await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'snat');
  await page.getByLabel('Lab scenario').selectOption('homelab-after');
  await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'preserved');
});

test('loading and error states are designed, and Retry recovers', async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let fail = true;
  await page.route('**/api/v1/logs', async (route: Route) => {
    await held;
    if (!fail) return route.fallback();
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid-configuration', message: 'EDGELENS_LOGS_TAIL: expected a whole number from 1 to 1000000, got "many"' } }),
    });
  });
  await page.goto('/clients');
  await expect(page.getByRole('status').filter({ hasText: "Reading the Traefik pods' access logs" })).toBeAttached();
  release();
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the Traefik log sample' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('EDGELENS_LOGS_TAIL');
  fail = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('client-verdict')).toBeVisible();
});

test('snapshot mode has no pod logs: a clear "no source" state', async ({ page }) => {
  await page.route('**/api/v1/logs', async (route: Route) => {
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        lines: 0,
        parsed: 0,
        malformed: 0,
        blank: 0,
        format: 'json',
        classes: { node: 0, pod: 0, lb: 0, loopback: 0, private: 0, cgnat: 0, linklocal: 0, public: 0, documentation: 0 },
        routers: [],
        topClients: [],
        verdict: 'unknown',
        explanation: 'unknown: edgelens reads a snapshot file (EDGELENS_SNAPSHOT), which holds no pod logs, so there is no access log to judge.',
        series: [],
        findings: [],
        sources: [],
        sampling: { from: 'none', target: 'no pod logs: snapshot mode', sampledAt: new Date().toISOString() },
      }),
    });
  });
  await page.goto('/clients');
  await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'unknown');
  await expect(page.getByTestId('logs-no-source')).toContainText('snapshot file');
  await expect(page.getByTestId('requests-chart')).toHaveCount(0);
});

test('a CrowdSec ban on a node address shows its class badge and flags', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await mockCrowdsec(page, {
    decisions: [banDecision(7, '10.0.20.103', 'node', ['internal-address', 'node'], 'crowdsecurity/http-probing')],
    verdict: 'dangerous',
    explanation: '1 of 1 CrowdSec decision targets internal addresses: 10.0.20.103 (node).',
    findings: [
      { rule: 'crowdsec-decision-on-internal-ip', severity: 'error', subjects: [{ kind: 'CrowdSecDecision', name: '7' }], ip: '10.0.20.103', message: 'CrowdSec has a ban decision on node address 10.0.20.103.', evidence: [], fix: 'cscli decisions delete --ip 10.0.20.103' },
    ],
  });
  await openClients(page);
  const cs = page.getByTestId('crowdsec');
  await expect(cs).toHaveAttribute('data-verdict', 'dangerous');
  await expect(cs).toContainText('Dangerous');
  const row = page.getByTestId('crowdsec-decisions').locator('tbody tr[data-value="10.0.20.103"]');
  await expect(row).toHaveAttribute('data-class', 'node');
  await expect(row).toContainText('internal-address');
  await expect(cs.locator('[data-testid="finding"][data-rule="crowdsec-decision-on-internal-ip"]')).toBeVisible();
});

test('works at phone width: nothing wider than the screen', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.setViewportSize({ width: 390, height: 844 });
  await openClients(page);
  await expect(page.getByTestId('requests-chart').locator('svg path.recharts-area-area').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
