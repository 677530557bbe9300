// The time-range picker against the lab: on Client IPs, "1 h" redraws the requests chart from the
// history store (the lab's log samples, recorded per minute) with a caption that says so, puts
// ?range=1h in the URL, and keeps it across a reload; a bad ?range= is ignored. On Edge, the same
// picker re-reads the probes from history: each target says the range and how many runs it charts.
import { expect, test } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario } from './lab';

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('Client IPs: 1 h from history, in the URL, kept across a reload; a bad range is ignored', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.goto('/clients?range=2y');
  const picker = page.getByTestId('time-range');
  const span = page.getByTestId('requests-chart').getByTestId('chart-span');
  // An unknown range is the latest sample, not an error.
  await expect(span).toContainText('the span of the sampled log lines');
  await expect(picker.getByRole('button', { name: 'Latest' })).toHaveAttribute('aria-pressed', 'true');

  // Keyboard: Tab to the button, Enter picks it.
  await picker.getByRole('button', { name: '1 h' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
  await expect(picker.getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.getByRole('button', { name: 'Latest' })).toHaveAttribute('aria-pressed', 'false');
  // The page's own log sample was recorded per minute: the chart now covers history.
  await expect(span).toContainText(/\d\d:\d\d–\d\d:\d\d from history, in 1-min buckets/);
  await expect(page.getByTestId('requests-chart')).toContainText('Requests per minute');

  // The history the chart was drawn from: requests per minute for all routers ("*").
  const history = (await (await request.get('/api/v1/history?since=1h')).json()) as { clientClasses: Array<{ router: string; requests: number }> };
  expect(history.clientClasses.length).toBeGreaterThan(0);
  expect(new Set(history.clientClasses.map((r) => r.router))).toEqual(new Set(['*']));

  await page.reload();
  await expect(page.getByTestId('time-range').getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('requests-chart').getByTestId('chart-span')).toContainText('from history, in 1-min buckets');

  // 24 h: coarser buckets, the day named.
  await page.getByTestId('time-range').getByRole('button', { name: '24 h' }).click();
  await expect(page).toHaveURL(/[?&]range=24h(&|$)/);
  await expect(page.getByTestId('requests-chart').getByTestId('chart-span')).toContainText(/[A-Z][a-z]{2} \d\d:\d\d(–[A-Z][a-z]{2} \d\d:\d\d)? from history, in 15-min buckets/);

  // Back to the latest sample: the parameter goes.
  await page.getByTestId('time-range').getByRole('button', { name: 'Latest' }).click();
  await expect(page).not.toHaveURL(/range=/);
  await expect(page.getByTestId('requests-chart').getByTestId('chart-span')).toContainText('the span of the sampled log lines');
});

test('Client IPs in dark mode: the chart is drawn with the theme colours', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/clients?range=1h');
  const chart = page.getByTestId('requests-chart');
  await expect(chart.getByTestId('chart-span')).toContainText('from history');
  // Grid lines follow the theme (no light-only hex colour on a dark page).
  await expect(chart.locator('.recharts-cartesian-grid line').first()).toHaveAttribute('stroke', 'var(--border)');
});

test('Edge: the picker re-reads the probes over 1 h; each target says the range and its runs', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  // The lab's loopback targets; one run now so the history holds at least one.
  const run = await request.post('/api/v1/probes/run', { data: {} });
  expect(run.status()).toBe(200);
  await page.goto('/edge');
  const target = page.locator('[data-testid="probe-target"][data-name="lab-h3"]');
  await expect(target.getByTestId('probe-range')).toContainText(/^Latest: the \d+ runs? kept in memory/, { timeout: 30_000 });

  await page.getByTestId('time-range').getByRole('button', { name: '1 h' }).click();
  await expect(page).toHaveURL(/[?&]range=1h(&|$)/);
  await expect(target.getByTestId('probe-range')).toContainText(/^Last 1 h from history: [1-9][\d,]* runs?, (at \d\d:\d\d|\d\d:\d\d–\d\d:\d\d)/);
  await expect(target.getByTestId('latency-chart')).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('time-range').getByRole('button', { name: '1 h' })).toHaveAttribute('aria-pressed', 'true');
  await expect(target.getByTestId('probe-range')).toContainText('Last 1 h from history');
});

test('Client IPs: a range with nothing recorded is a designed note, not a blank chart', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  // A server whose history holds nothing in the range (in memory, just started).
  await page.route('**/api/v1/history?since=7d', async (route) => {
    const now = Date.now();
    await route.fulfill({
      json: { range: '7d', from: new Date(now - 7 * 86_400_000).toISOString(), to: new Date(now).toISOString(), persistent: false, findings: [], announcers: [], sources: [], clientClasses: [] },
    });
  });
  await page.goto('/clients?range=7d');
  const empty = page.getByTestId('range-empty');
  await expect(empty).toContainText('No requests recorded in the last 7 days');
  await expect(empty.getByTestId('chart-span')).toHaveText('The chart covers no history in this range (the last 7d).');
  await expect(empty).toContainText('set EDGELENS_HISTORY_PATH');
  await expect(page.getByTestId('requests-chart')).toHaveCount(0);
});
