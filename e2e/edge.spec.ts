// The Edge page against live targets this spec starts on loopback: a Caddy serving HTTP/3 (shown
// ok, with a latency chart), and a Caddy that advertises h3 while its UDP port swallows every
// datagram (shown failing, with the error in words). The shared lab server reads the target file
// named in playwright.config.ts; the spec writes it after its servers are up.
import dgram from 'node:dgram';
import { rmSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startCaddy, type RunningCaddy } from '../lab/caddy';
import { PROBE_TARGETS_FILE } from './probe-targets-file';

test.describe.configure({ mode: 'serial' });

let live: RunningCaddy | undefined;
let broken: RunningCaddy | undefined;
let hole: dgram.Socket | undefined;

test.beforeAll(async () => {
  rmSync(PROBE_TARGETS_FILE, { force: true });
  live = await startCaddy();
  broken = await startCaddy({ h3: false, advertiseH3Header: true });
  // Alt-Svc promises h3 on this port; UDP to it vanishes — the classic "UDP/443 not forwarded".
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(broken?.port ?? 0, '127.0.0.1', () => resolve());
  });
  hole = sock;
});

test.afterAll(async () => {
  rmSync(PROBE_TARGETS_FILE, { force: true });
  await live?.stop();
  await broken?.stop();
  const sock = hole;
  if (sock) await new Promise<void>((resolve) => sock.close(() => resolve()));
});

function target(page: Page, name: string) {
  return page.locator(`[data-testid="probe-target"][data-name="${name}"]`);
}

test('no configured targets yet: the designed empty state, and lab addresses listed as not probed', async ({ page }) => {
  await page.goto('/edge');
  await expect(page).toHaveTitle('Edge · edgelens');
  await expect(page.getByRole('link', { name: 'Edge', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('no-targets')).toContainText('No probe targets configured — set EDGELENS_PROBE_TARGETS');
  await expect(page.getByTestId('config-error')).toContainText('no such file');
  const lab = page.locator('[data-testid="not-probed-target"][data-name="lb-10-0-20-200"]');
  await expect(lab).toContainText('10.0.20.200:443');
  await expect(lab).toContainText('lab scenario address: not probed');
});

test('a live HTTP/3 target is ok with a latency chart; a broken one shows its error in words', async ({ page, request }) => {
  if (!live || !broken) throw new Error('the Caddy servers did not start');
  writeFileSync(
    PROBE_TARGETS_FILE,
    JSON.stringify([
      { name: 'live', host: '127.0.0.1', port: live.port, insecure: true },
      { name: 'broken', host: '127.0.0.1', port: broken.port, insecure: true },
    ]),
  );
  // Only this spec's targets: the lab's own live targets are probed by the server itself.
  const run = await request.post('/api/v1/probes/run', { data: { targets: ['live', 'broken'] }, timeout: 45_000 });
  expect(run.status(), await run.text()).toBe(200);

  await page.goto('/edge');
  const liveCard = target(page, 'live');
  await expect(liveCard.getByTestId('kind-h3')).toHaveAttribute('data-verdict', 'ok');
  await expect(liveCard.getByTestId('kind-h3')).toContainText('OK');
  await expect(liveCard.getByTestId('kind-h3')).toContainText('3 of 3 ok (100%)');
  await expect(liveCard.getByTestId('kind-h3')).toContainText('h3');
  await expect(liveCard.getByTestId('kind-tcp')).toHaveAttribute('data-verdict', 'ok');
  await expect(liveCard.getByTestId('kind-tcp')).toContainText(`h3=":${live.port}"`);
  await expect(liveCard.getByTestId('alt-svc-verdict')).toContainText('HTTP/3 advertised and working');
  // The latency chart is drawn: an SVG with a series for each kind — one point per probe run, so after one run a dot each.
  const chart = liveCard.getByTestId('latency-chart');
  await expect(chart).toHaveAttribute('aria-label', /HTTP\/3 \(QUIC\) p50 [\d.]+ ms/);
  await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
  await expect(chart.locator('.recharts-line-dot')).toHaveCount(2);
  // The legend isolates a series: hiding TCP+TLS leaves the HTTP/3 line alone, and showing it brings it back.
  const tcpToggle = liveCard.getByTestId('legend-toggle').filter({ hasText: 'TCP' }).first();
  await tcpToggle.click();
  await expect(tcpToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(chart.locator('.recharts-line-dot')).toHaveCount(1);
  await tcpToggle.click();
  await expect(chart.locator('.recharts-line-dot')).toHaveCount(2);
  await expect(liveCard.getByTestId('success-chart').locator('svg.recharts-surface').first()).toBeVisible();

  const brokenCard = target(page, 'broken');
  await expect(brokenCard.getByTestId('kind-h3')).toHaveAttribute('data-verdict', 'failing');
  await expect(brokenCard.getByTestId('kind-h3')).toContainText('Failing');
  await expect(brokenCard.getByTestId('kind-h3').getByTestId('last-error')).toContainText(
    `UDP never answered: no reply to the QUIC Initial within 3 s — UDP/${broken.port} is blocked or not forwarded`,
  );
  await expect(brokenCard.getByTestId('alt-svc-verdict')).toContainText('HTTP/3 advertised but broken');
  // Zero successes: no latency percentiles, said in words.
  await expect(brokenCard.getByTestId('kind-h3').getByTestId('handshake-percentiles')).toHaveText('no successful sample');
  await expect(brokenCard.getByTestId('latency-chart')).toHaveAttribute('aria-label', /HTTP\/3 \(QUIC\) no successful sample in the last run/);

  // The lab's own live targets (lab mode) are probed too: its advertised-but-dropped target counts.
  await expect(page.getByTestId('h3-verdict')).toContainText(/HTTP\/3 advertised but broken on 2 of \d+ probed targets \(broken, lab-h3-udp-dropped\)/);
  await expect(page.locator('[data-testid="finding"][data-rule="h3-advertised-but-broken"]').filter({ hasText: `127.0.0.1:${broken.port}` })).toBeVisible();
  await expect(page.locator('[data-testid="finding"][data-rule="h3-udp-timeout"]').filter({ hasText: `127.0.0.1:${broken.port}` })).toBeVisible();
});

test('"Run now" probes again and the charts grow', async ({ page }) => {
  await page.goto('/edge');
  const liveCard = target(page, 'live');
  await expect(liveCard.getByTestId('latency-chart')).toHaveAttribute('aria-label', /3 samples charted/);
  const button = page.getByRole('button', { name: 'Run now' });
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/probes/run') && r.request().method() === 'POST', { timeout: 45_000 });
  await button.click();
  await expect(page.getByRole('button', { name: 'Running…' })).toBeDisabled();
  expect((await answered).status()).toBe(200);
  await expect(liveCard.getByTestId('latency-chart')).toHaveAttribute('aria-label', /6 samples charted/);
  // Two runs: one point per run and kind, joined by a line (not six spikes).
  await expect(liveCard.getByTestId('latency-chart').locator('.recharts-line-dot')).toHaveCount(4);
  await expect(liveCard.getByTestId('latency-chart').locator('path.recharts-line-curve')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Run now' })).toBeEnabled();
});

test('works at phone width (390 px): no sideways scrolling, charts fit', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/edge');
  const brokenCard = target(page, 'broken');
  await expect(brokenCard.getByTestId('last-error').first()).toBeVisible();
  await expect(target(page, 'live').getByTestId('latency-chart').locator('svg.recharts-surface').first()).toBeVisible();
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.doc).toBeLessThanOrEqual(widths.view);
  const box = await target(page, 'live').getByTestId('latency-chart').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(200);
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
});
