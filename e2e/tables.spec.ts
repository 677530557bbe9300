// Tables an operator works with (issue 13, item 10): every data table sorts (aria-sort says how)
// and filters ("N of M rows"); the routers table is the per-app glance — verdict, HTTP/3 seen,
// CrowdSec coverage, the Kubernetes Service (linked to its Overview card) and the kubectl
// command that verifies the row, copied as exactly one shell command.
import { expect, test, type Locator, type Page, type Route } from '@playwright/test';
import { banDecision, DEFAULT_SCENARIO, lbCard, mockCrowdsec, setScenario, waitForReport } from './lab';

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

async function openClients(page: Page): Promise<void> {
  await page.goto('/clients');
  await expect(page.getByTestId('client-verdict')).toBeVisible();
}

/** The text of one cell per row (the row header when `cell` is omitted), in page order. */
async function column(rows: Locator, cell?: string): Promise<string[]> {
  const out: string[] = [];
  for (const row of await rows.all()) out.push((await (cell ? row.locator(`[data-label="${cell}"]`) : row.locator('th')).innerText()).trim());
  return out;
}

const num = (s: string): number => Number(s.replace(/[^0-9.]/g, ''));

async function sortBy(table: Locator, name: string, want: 'ascending' | 'descending'): Promise<void> {
  const header = table.getByRole('columnheader', { name });
  for (let i = 0; i < 2 && (await header.getAttribute('aria-sort')) !== want; i++) await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', want);
}

async function copyCommand(page: Page, block: Locator): Promise<string> {
  const command = (await block.locator('code').innerText()).trim();
  await block.getByRole('button', { name: 'Copy command' }).click();
  await expect(block.getByRole('button', { name: 'Copied' })).toBeVisible();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toBe(command);
  expect(clip).not.toMatch(/\n|&&|;/);
  return clip;
}

test('routers: sort, filter, HTTP/3 seen, Service link and a kubectl command per row', async ({ page, request, context }) => {
  await setScenario(request, 'homelab-before');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openClients(page);
  const table = page.getByTestId('routers-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(6);

  await sortBy(table, 'Requests', 'descending');
  const desc = (await column(rows, 'Requests')).map(num);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  await sortBy(table, 'Requests', 'ascending');
  const asc = (await column(rows, 'Requests')).map(num);
  expect(asc).toEqual([...desc].reverse());
  await sortBy(table, 'Router', 'ascending');
  const names = await column(rows);
  expect(names).toEqual([...names].sort());

  const filter = page.getByLabel('Filter routers');
  await filter.fill('jelly');
  await expect(rows).toHaveCount(1);
  await expect(table.locator('..').getByRole('status')).toHaveText('1 of 6 rows');
  await filter.fill('');
  await expect(rows).toHaveCount(6);

  // homelab-before logs a protocol on every entry and no HTTP/3 (SNAT path): "no", never "unknown".
  for (const cell of await table.getByTestId('router-http3').all()) await expect(cell).toHaveAttribute('data-state', 'no');
  await expect(table.getByTestId('router-crowdsec').first()).toHaveText('not configured');

  // A ClusterIP backend the cluster report does not list stays text; the headscale router links to its LoadBalancer Service.
  await expect(table.locator('tr[data-router="immich@kubernetes"]').getByTestId('router-service')).toHaveText('immich-immich-server-2283@kubernetes');
  const headscale = table.locator('tr[data-router="headscale@kubernetes"]');
  const verify = headscale.getByTestId('row-verify');
  await verify.locator('summary').click();
  const blocks = verify.getByTestId('command-block');
  await expect(blocks).toHaveCount(2);
  expect(await copyCommand(page, blocks.nth(0))).toMatch(/^kubectl -n traefik logs \S+ --tail=2000 \| grep -F '"RouterName":"headscale@kubernetes"' \| tail -n 20$/);
  expect(await copyCommand(page, blocks.nth(1))).toBe('kubectl -n headscale get svc headscale -o wide');

  const link = headscale.getByTestId('router-service-link');
  await expect(link).toHaveText('headscale/headscale');
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/^\/#lb-/);
  await link.click();
  await waitForReport(page);
  await expect(page).toHaveURL(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
  const card = page.locator(href.slice(1));
  await expect(card).toBeVisible();
  await expect(card.locator('tr[data-service="headscale/headscale"]')).toBeVisible();
});

test('routers: HTTP/3 seen as a share where the lab logs HTTP/3 (homelab-after)', async ({ page, request }) => {
  await setScenario(request, 'homelab-after');
  await openClients(page);
  const cells = page.getByTestId('routers-table').getByTestId('router-http3');
  await expect(cells.first()).toBeVisible();
  await expect(page.getByTestId('routers-table').locator('[data-testid="router-http3"][data-state="yes"]').first()).toHaveText(/^yes · (<1|\d+)%/);
});

test('top clients, log sources and CrowdSec visibility sort and filter', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await openClients(page);

  const clients = page.getByTestId('top-clients');
  const crow = clients.locator('tbody tr');
  const total = await crow.count();
  expect(total).toBeGreaterThan(2);
  await sortBy(clients, 'Requests', 'ascending');
  const up = (await column(crow, 'Requests')).map(num);
  expect(up).toEqual([...up].sort((a, b) => a - b));
  expect(up[0]).toBeLessThan(up[up.length - 1] ?? 0);
  await page.getByLabel('Filter clients').fill('node');
  const nodes = await crow.count();
  expect(nodes).toBeGreaterThan(0);
  expect(nodes).toBeLessThan(total);
  for (const r of await crow.all()) await expect(r).toHaveAttribute('data-class', 'node');

  const sources = page.getByTestId('log-sources-table');
  const srows = sources.locator('tbody tr');
  const pods = await column(srows);
  expect(pods.length).toBeGreaterThan(1);
  await sortBy(sources, 'Pod', 'descending');
  expect(await column(srows)).toEqual([...pods].sort().reverse());
  await page.getByLabel('Filter pods').fill(pods[0]?.split('/')[1] ?? '');
  await expect(srows).toHaveCount(1);

  const sight = page.getByTestId('crowdsec-routers');
  const vrows = sight.locator('tbody tr');
  await sortBy(sight, 'Router', 'descending');
  const vnames = await column(vrows);
  expect(vnames).toEqual([...vnames].sort().reverse());
  await page.getByLabel('Filter CrowdSec routers').fill('vault');
  await expect(vrows).toHaveCount(1);
  await expect(vrows.first()).toHaveAttribute('data-router', 'vaultwarden@kubernetes');
});

test('CrowdSec decisions sort and filter', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await mockCrowdsec(page, {
    decisions: [
      banDecision(3, '203.0.113.9', 'documentation', [], 'crowdsecurity/http-bad-user-agent'),
      banDecision(7, '10.0.20.103', 'node', ['internal-address', 'node'], 'crowdsecurity/http-probing'),
      banDecision(9, '198.51.100.23', 'documentation', [], 'crowdsecurity/ssh-bf'),
    ],
    verdict: 'dangerous',
    explanation: '1 of 3 CrowdSec decisions targets internal addresses: 10.0.20.103 (node).',
  });
  await openClients(page);
  const table = page.getByTestId('crowdsec-decisions');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await sortBy(table, 'Target', 'ascending');
  await expect(rows.nth(0)).toHaveAttribute('data-value', '10.0.20.103');
  await expect(rows.nth(2)).toHaveAttribute('data-value', '203.0.113.9');
  await sortBy(table, 'Target', 'descending');
  await expect(rows.nth(0)).toHaveAttribute('data-value', '203.0.113.9');
  await page.getByLabel('Filter decisions').fill('ssh');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-value', '198.51.100.23');
});

test('LB Services: sort, filter on a long card, and a kubectl get svc per row', async ({ page, request, context }) => {
  await setScenario(request, 'homelab-before');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await waitForReport(page);
  const lb = lbCard(page, '10.0.20.200');
  const table = lb.getByTestId('lb-services');
  const rows = table.locator('tbody tr');
  await expect(lb.getByRole('button', { name: 'Show all 10 services' })).toBeVisible();
  await lb.getByRole('button', { name: 'Show all 10 services' }).click();
  await expect(rows).toHaveCount(10);

  await sortBy(table, 'Service', 'ascending');
  const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-service') ?? ''));
  expect(names).toEqual([...names].sort());
  await sortBy(table, 'Service', 'descending');
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-service') ?? ''))).toEqual([...names].sort().reverse());

  const filter = lb.getByLabel('Filter Services on 10.0.20.200');
  await filter.fill('headscale');
  await expect(rows).toHaveCount(1);
  await expect(lb.getByRole('status').filter({ hasText: 'rows' })).toHaveText('1 of 10 rows');
  await expect(rows.first()).toHaveAttribute('data-service', 'headscale/headscale');
  await rows.first().getByTestId('row-verify').locator('summary').click();
  expect(await copyCommand(page, rows.first().getByTestId('command-block'))).toBe('kubectl -n headscale get svc headscale -o wide');

  // A card with one Service stays compact: sortable, no filter.
  const mail = lbCard(page, '10.0.20.201');
  await expect(mail.getByRole('searchbox')).toHaveCount(0);
  await expect(mail.getByTestId('lb-services').getByRole('columnheader', { name: 'Service' })).toHaveAttribute('aria-sort', 'none');
  const mrow = mail.locator('tr[data-service="mail/mailserver"]');
  await mrow.getByTestId('row-verify').locator('summary').click();
  expect(await copyCommand(page, mrow.getByTestId('command-block'))).toBe('kubectl -n mail get svc mailserver -o wide');
});

test('what-if blast radius sorts by object', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/?whatIf=traefik%2Ftraefik%3Aetp%3DLocal%2Cip%3D10.0.20.203#what-if');
  const table = page.getByTestId('what-if-blast-radius');
  const rows = table.locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(1);
  await sortBy(table, 'Object', 'ascending');
  const up = await column(rows);
  expect(up).toEqual([...up].sort());
  await sortBy(table, 'Object', 'descending');
  const down = await column(rows);
  expect(down).toEqual([...up].reverse());
  expect(down).not.toEqual(up);
});

test('phone width: an opened verify command stays inside the screen', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.setViewportSize({ width: 390, height: 844 });
  await openClients(page);
  const row = page.getByTestId('routers-table').locator('tr[data-router="headscale@kubernetes"]');
  await row.getByTestId('row-verify').locator('summary').click();
  const block = row.getByTestId('command-block').first();
  await expect(block).toBeVisible();
  // Not merely clipped by the scrolling table: the whole block and its copy button are on screen.
  const box = await block.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
