// README screenshots on the lab's homelab-before: the Overview's first screen in
// light and dark at 1440×900, the Overview on a phone, the Fix page.
import { expect, test, type Page } from '@playwright/test';

async function scenario(page: Page, name: string): Promise<void> {
  const res = await page.request.post('/api/v1/lab/scenario', { data: { name } });
  expect(res.status()).toBe(200);
}

/** The lab targets' first run has finished (the dropped UDP port times out last), so the answers count all three. */
async function probesSettled(page: Page): Promise<void> {
  await expect(async () => {
    const doc = (await (await page.request.get('/api/v1/probes')).json()) as { lastRunAt: string | null; running: boolean };
    expect(doc.lastRunAt).not.toBeNull();
    expect(doc.running).toBe(false);
  }).toPass({ timeout: 60_000 });
}

async function overviewReady(page: Page): Promise<void> {
  await probesSettled(page);
  await expect(page.getByTestId('verdict-traps')).toBeVisible();
  await expect(page.getByTestId('status-strip')).not.toContainText('Still reading');
  // Shoot the client-IP answer from the access logs, not "checking…".
  await expect(page.getByTestId('verdict-clients')).toHaveAttribute('data-basis', 'logs');
  // The lab's CrowdSec LAPI takes a few seconds to start: shoot its ban on a node address too.
  await expect(page.getByTestId('status-strip')).toContainText('CrowdSec', { timeout: 60_000 });
}

test('overview: desktop light, desktop dark, phone', async ({ page }) => {
  await scenario(page, 'homelab-before');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await overviewReady(page);
    await page.screenshot({ path: `docs/screenshot-overview${scheme === 'dark' ? '-dark' : ''}.png`, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await overviewReady(page);
  await page.screenshot({ path: 'docs/screenshot-overview-phone.png', fullPage: true, animations: 'disabled' });
});

test('fix page and client IPs (desktop)', async ({ page }) => {
  await scenario(page, 'homelab-before');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/fix?svc=traefik%2Ftraefik&egress=10.0.20.5');
  await expect(page.getByTestId('fix-output')).toHaveAttribute('data-stale', 'false');
  await page.screenshot({ path: 'docs/screenshot-fix.png', fullPage: true, animations: 'disabled' });
  await page.goto('/clients');
  await expect(page.getByTestId('router-row').first()).toHaveAttribute('data-verdict', 'snat');
  await page.screenshot({ path: 'docs/screenshot-clients.png', fullPage: true, animations: 'disabled' });
});

test('edge page with the live lab targets (desktop)', async ({ page }) => {
  await scenario(page, 'homelab-before');
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/edge');
  // The lab's three loopback targets: wait for a finished run (the dropped UDP port times out last).
  await expect(page.getByTestId('probe-target')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.locator('[data-testid="probe-target"] [data-testid="latency-chart"]').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.edge')).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  await page.screenshot({ path: 'docs/screenshot-edge.png', fullPage: true, animations: 'disabled' });
});
