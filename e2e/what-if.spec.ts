// The what-if panel on the Overview, against the lab's homelab-before: moving
// Traefik to its own ETP=Local IP resolves the SNAT and QUIC findings and
// names what else holds the old IP; flipping ETP in place breaks the shared IP.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario, waitForReport } from './lab';

function panel(page: Page): Locator {
  return page.getByTestId('what-if');
}

function resolved(page: Page, rule: string): Locator {
  return panel(page).locator(`[data-testid="what-if-resolved"][data-rule="${rule}"]`);
}

function added(page: Page, rule: string): Locator {
  return panel(page).locator(`[data-testid="what-if-new"][data-rule="${rule}"]`);
}

test.beforeEach(async ({ request }) => {
  await setScenario(request, 'homelab-before');
});

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('traefik on its own ETP=Local IP: SNAT and QUIC findings resolved, DNS and tunnel config in the blast radius', async ({ page }) => {
  await page.goto('/');
  await waitForReport(page);
  const p = panel(page);
  // Traefik is preselected.
  await expect(p.getByLabel('Service', { exact: true })).toHaveValue('traefik/traefik');
  await p.getByRole('radio', { name: 'Local', exact: true }).check();
  await p.getByLabel(/New IP/).fill('10.0.20.203');
  await p.getByRole('button', { name: 'Preview' }).click();

  // The preview is a URL of its own.
  await expect(page).toHaveURL(/\?whatIf=traefik%2Ftraefik%3Aetp%3DLocal%2Cip%3D10\.0\.20\.203#what-if$/);
  await expect(p.getByTestId('what-if-result')).toBeVisible();
  await expect(resolved(page, 'etp-cluster-snat')).toContainText('Resolved');
  await expect(resolved(page, 'quic-etp-cluster-spread')).toContainText('Resolved');

  const blast = p.getByTestId('what-if-blast-radius');
  await expect(blast.getByRole('row', { name: /cloudflared\/cloudflared-config/ })).toContainText('ConfigMap');
  await expect(blast.getByRole('row', { name: /dns\/split-horizon-zone/ })).toContainText('ConfigMap');

  // An ordered checklist; every step says how to verify it and how to roll it back.
  const steps = p.getByTestId('what-if-checklist').locator('> li');
  expect(await steps.count()).toBeGreaterThan(0);
  for (const step of await steps.all()) {
    await expect(step).toContainText('Verify');
    await expect(step).toContainText('Rollback');
  }

  // The same URL opened fresh shows the same preview, with the form filled in.
  await page.reload();
  await waitForReport(page);
  await expect(resolved(page, 'etp-cluster-snat')).toBeVisible();
  await expect(panel(page).getByRole('radio', { name: 'Local', exact: true })).toBeChecked();
  await expect(panel(page).getByLabel(/New IP/)).toHaveValue('10.0.20.203');
});

test('flipping ETP in place on the shared IP shows the new shared-ip-mixed-etp error', async ({ page }) => {
  await page.goto('/?whatIf=traefik/traefik:etp=Local#what-if');
  await waitForReport(page);
  const finding = added(page, 'shared-ip-mixed-etp');
  await expect(finding).toBeVisible();
  // Severity as icon + word, marked as new.
  await expect(finding).toContainText('New error');
  await expect(finding.locator('svg.tone-icon.tone-error')).toHaveCount(1);
  await expect(panel(page).getByRole('radio', { name: 'Local', exact: true })).toBeChecked();
  await expect(panel(page).getByLabel(/New IP/)).toHaveValue('');
});

test('a bad value shows the server reason, and a form that changes nothing asks for a change', async ({ page }) => {
  await page.goto('/?whatIf=traefik/traefik:etp=Sideways#what-if');
  await waitForReport(page);
  const alert = panel(page).getByTestId('what-if-error');
  await expect(alert).toContainText('etp must be Local or Cluster');
  await expect(alert).toContainText('Sideways');

  await panel(page).getByRole('button', { name: 'Clear preview' }).click();
  await expect(page).toHaveURL(/\/#what-if$/);
  await expect(alert).toHaveCount(0);
  await panel(page).getByRole('radio', { name: 'Keep', exact: true }).first().check();
  await panel(page).getByRole('button', { name: 'Preview' }).click();
  await expect(panel(page).getByRole('status').filter({ hasText: 'Choose at least one change' })).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`no horizontal overflow with a preview open at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/?whatIf=traefik/traefik:etp=Local,ip=10.0.20.203#what-if');
    await waitForReport(page);
    await expect(panel(page).getByTestId('what-if-checklist')).toBeVisible();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
}
