// The designed loading, error and empty states. The server cannot be made to
// fail on demand, so these answers are injected at the network layer; the
// page code under test is the real one.
import { expect, test, type Route } from '@playwright/test';
import { waitForReport } from './lab';

const CLUSTER = '**/api/v1/cluster';

test('error: shows the API error message and recovers with Retry', async ({ page }) => {
  let fail = true;
  await page.route(CLUSTER, async (route: Route) => {
    if (!fail) return route.fallback();
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'cluster-unreachable', message: 'The Kubernetes API server did not answer within 5 s.' } }),
    });
  });
  await page.goto('/');
  // Next.js adds its own (empty) route-announcer alert: pick ours by its text.
  const alert = page.getByRole('alert').filter({ hasText: 'Could not load the cluster report' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('The Kubernetes API server did not answer within 5 s.');
  await expect(alert).toContainText('cluster-unreachable');

  fail = false;
  await alert.getByRole('button', { name: 'Retry' }).click();
  await waitForReport(page);
  await expect(alert).toHaveCount(0);
});

test('loading: a skeleton, not a blank page, while the report is on its way', async ({ page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(CLUSTER, async (route: Route) => {
    await held;
    await route.fallback();
  });
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: 'Loading the cluster report' })).toBeAttached();
  await expect(page.locator('.skeleton-card').first()).toBeVisible();
  release();
  await waitForReport(page);
});

test('empty: a cluster without LoadBalancer services says so', async ({ page }) => {
  await page.route(CLUSTER, (route: Route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ source: 'kube', loadBalancers: [], findings: [], gaps: [], nodes: [{ name: 'node-a', addresses: ['192.0.2.5'], podCIDRs: [] }] }),
    }),
  );
  // The answers come from the server too: the same empty cluster, as lib/analyzers/summary answers it.
  const answer = (a: string, headline: string) => ({ answer: a, headline, evidence: [], basis: ['cluster'] });
  await page.route('**/api/v1/summary', (route: Route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        answers: {
          clientIp: answer('unknown', 'Unknown — no LoadBalancer Service has an IP, so no client traffic arrives through the load balancer.'),
          http3: answer('unknown', 'Unknown — no LoadBalancer Service has an IP.'),
          traps: answer('no', 'None found: no load-balancer rule fired on this cluster.'),
        },
        findings: [],
        generatedAt: '2026-01-01T00:00:00.000Z',
      }),
    }),
  );
  await page.goto('/');
  await waitForReport(page);
  await expect(page.getByText('No LoadBalancer services found')).toBeVisible();
  await expect(page.getByTestId('verdict-traps')).toContainText('None found');
});

test('stale: a failed refresh keeps the last report on screen and says so', async ({ page }) => {
  await page.goto('/');
  await waitForReport(page);
  await page.route(CLUSTER, (route: Route) =>
    route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ error: { code: 'upstream', message: 'Lost the watch on the API server.' } }) }),
  );
  // The next poll (and its retries) fail: the report stays, with a notice.
  const notice = page.getByRole('status').filter({ hasText: 'Not up to date' });
  await expect(notice).toContainText('Lost the watch on the API server.', { timeout: 30_000 });
  await expect(page.getByTestId('lb-card').first()).toBeVisible();

  await page.unroute(CLUSTER);
  await notice.getByRole('button', { name: 'Retry now' }).click();
  await expect(notice).toHaveCount(0);
});
