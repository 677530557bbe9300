// The operator's first screen and plans (issue 13): every error's Service named
// above the fold at 1440×900, the what-if verdict before any list, copy buttons
// that put exactly one shell command on the clipboard, the Fix page on a refused
// Service, and the combined findings view with its filters in the URL.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { subjectOf } from '../components/findings/sources';
import type { Finding } from '../lib/model';
import { DEFAULT_SCENARIO, LAB_SCENARIOS, setScenario, waitForReport } from './lab';

async function findingsFrom(request: APIRequestContext, path: string): Promise<Finding[]> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  const body = (await res.json()) as { findings?: Finding[] };
  return body.findings ?? [];
}

/** Every error finding of every source, as the API gives them. */
async function allErrors(request: APIRequestContext): Promise<Finding[]> {
  const lists = await Promise.all(['/api/v1/cluster', '/api/v1/logs', '/api/v1/crowdsec', '/api/v1/probes'].map((p) => findingsFrom(request, p)));
  return lists.flat().filter((f) => f.severity === 'error');
}

/** The strip has heard from every source (none still loading). */
async function waitForStrip(page: Page): Promise<void> {
  await waitForReport(page);
  await expect(page.getByTestId('status-strip')).toBeVisible();
  await expect(page.getByTestId('status-strip')).not.toContainText('Still reading');
}

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

for (const scenario of LAB_SCENARIOS) {
  test(`${scenario}: the first screen (1440×900, no scroll) names every error finding's Service`, async ({ page, request }) => {
    await setScenario(request, scenario);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await waitForStrip(page);
    const errors = await allErrors(request);
    const strip = page.getByTestId('status-strip');
    // One line per error, or one line naming each of 3+ errors of the same rule.
    const counts = await strip.getByTestId('status-error').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(errors.length);
    for (const f of errors) {
      const who = subjectOf(f) ?? f.rule;
      const line = strip.getByTestId('status-error').filter({ hasText: who }).first();
      await expect(line, `${f.rule} ${who}`).toBeInViewport();
    }
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  });
}

test('homelab-before: mail is named first with its consequence, and the line links to its finding', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForStrip(page);
  const first = page.getByTestId('status-error').first();
  await expect(first).toContainText('mail/mailserver: traffic dropped on 10.0.20.201');
  await first.getByRole('link').click();
  await expect(page).toHaveURL(/#finding-etp-local-announcer-without-endpoint-0$/);
  // The linked card opens on arrival: its fix is readable without another click.
  await expect(page.locator('#finding-etp-local-announcer-without-endpoint-0 details')).toHaveAttribute('open', '');
});

test('shared-ip-conflict: "traefik/traefik has no external IP" leads the strip', async ({ page, request }) => {
  await setScenario(request, 'shared-ip-conflict');
  await page.goto('/');
  await waitForStrip(page);
  await expect(page.getByTestId('status-error').first()).toContainText('traefik/traefik has no external IP');
});

test('what-if: flipping Traefik to ETP=Local in place says "Unsafe" before any list, and offers no patch', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/?whatIf=traefik/traefik:etp=Local#what-if');
  await waitForReport(page);
  const verdict = page.getByTestId('what-if-verdict');
  await expect(verdict).toContainText('Unsafe');
  await expect(verdict).toContainText('traefik/traefik loses its IP');
  // The verdict comes before every list in document order.
  const before = await page.evaluate(() => {
    const v = document.querySelector('[data-testid="what-if-verdict"]');
    const lists = [...document.querySelectorAll('[data-testid="what-if-result"] ul, [data-testid="what-if-result"] ol')];
    return v !== null && lists.length > 0 && lists.every((l) => (v.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
  });
  expect(before).toBe(true);
  // SNAT/QUIC findings are hidden by the new error, not resolved.
  await expect(page.getByTestId('what-if-resolved')).toHaveCount(0);
  await expect(page.getByTestId('what-if-hidden').first()).toBeVisible();
  await expect(page.getByTestId('what-if-checklist')).not.toContainText('patch svc traefik');
});

test('what-if: a no-op says "No change" and shows no checklist', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/?whatIf=mail/mailserver:etp=Local#what-if');
  await waitForReport(page);
  await expect(page.getByTestId('what-if-verdict')).toContainText('No change');
  await expect(page.getByTestId('what-if-checklist')).toHaveCount(0);
});

test('copy buttons put exactly one shell command on the clipboard (finding fix and checklist)', async ({ page, request, context }) => {
  await setScenario(request, 'homelab-before');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/#finding-etp-cluster-snat-0');
  await waitForReport(page);
  const card = page.locator('#finding-etp-cluster-snat-0');
  const blocks = card.getByTestId('command-block');
  await expect(blocks.first()).toBeVisible();
  expect(await blocks.count()).toBeGreaterThanOrEqual(2);
  for (const block of await blocks.all()) {
    const command = (await block.locator('code').innerText()).trim();
    await block.getByRole('button', { name: 'Copy command' }).click();
    await expect(block.getByRole('button', { name: 'Copied' })).toBeVisible();
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toBe(command);
    expect(clip).not.toMatch(/\n|&&/);
    expect(clip).toMatch(/^kubectl /);
  }

  await page.goto('/?whatIf=traefik/traefik:etp=Local,ip=10.0.20.203#what-if');
  await waitForReport(page);
  const move = page.locator('[data-testid="what-if-checklist"] > li[data-phase="move-service"]');
  const rollback = move.getByRole('group', { name: 'Rollback commands' }).getByTestId('command-block').first();
  await rollback.getByRole('button', { name: 'Copy command' }).click();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toMatch(/^kubectl -n traefik patch svc traefik --type merge -p '.*"metallb.io\/loadBalancerIPs":"10.0.20.200".*'$/);
  expect(clip).not.toMatch(/\n|&&/);
});

test('Client IPs and Edge say that Traefik has no IP before any number (shared-ip-conflict)', async ({ page, request }) => {
  await setScenario(request, 'shared-ip-conflict');
  for (const path of ['/clients', '/edge']) {
    await page.goto(path);
    await expect(page.getByTestId('cluster-outage')).toContainText('traefik/traefik has no external IP');
  }
});

test('Fix page for the refused Traefik says it has no external IP', async ({ page, request }) => {
  await setScenario(request, 'shared-ip-conflict');
  await page.goto('/fix?svc=traefik%2Ftraefik');
  await expect(page.getByTestId('fix-no-ip')).toContainText('traefik/traefik has no external IP');
});

test('Fix page: download refused while the placeholder remains, allowed once egress is set', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/fix?svc=traefik%2Ftraefik');
  const haproxy = page.getByTestId('file-traefik-static');
  await expect(haproxy.getByTestId('file-blocked')).toContainText('HAPROXY_SOURCE_IP');
  await expect(haproxy.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await page.getByLabel("HAProxy source address (egress)").fill('10.0.20.5');
  await expect(haproxy.getByRole('link', { name: /Download/ })).toBeVisible();
});

test('combined findings: filters live in the URL and the strip counts jump there', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForStrip(page);
  await page.getByTestId('status-strip').getByRole('link', { name: /^\d+ errors?$/ }).click();
  await expect(page).toHaveURL(/\/findings\?severity=error$/);
  const view = page.getByTestId('findings-view');
  await expect(view.getByTestId('finding').first()).toBeVisible();
  for (const card of await view.getByTestId('finding').all()) await expect(card).toHaveClass(/sev-error/);
  await page.getByLabel('Namespace').selectOption('mail');
  await expect(page).toHaveURL(/ns=mail/);
  await expect(view.getByTestId('finding')).toHaveCount(1);
  // Collapsed, with the message visible.
  await expect(view.getByTestId('finding').first().locator('.finding-message')).toBeVisible();
  await expect(view.getByTestId('finding').first().locator('details')).not.toHaveAttribute('open', '');
});

test('refresh you can see: age, pause, manual refresh', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/');
  await waitForReport(page);
  const bar = page.getByTestId('refresh-control');
  await expect(bar.getByTestId('refresh-age')).toContainText(/Updated (just now|\d+ s ago)/);
  await bar.getByLabel('Refresh interval').selectOption('paused');
  await expect(bar.getByTestId('refresh-age')).toContainText('paused');
  await bar.getByRole('button', { name: 'Refresh now' }).click();
  await expect(bar.getByTestId('refresh-age')).toContainText(/Updated (just now|1 s ago)/);
});

test('dark mode follows prefers-color-scheme and the toggle overrides it', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await waitForReport(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByLabel('Theme').selectOption('system');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
