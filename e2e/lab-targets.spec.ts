// The first run in lab mode, with nothing configured: the server's own loopback targets show a
// real HTTP/3 handshake, a real "advertised but UDP dropped" timeout and a real refused port on
// the Edge page within 30 s, clearly marked as lab targets; /api/v1/probes and the Overview's
// HTTP/3 answer show them too.
import { expect, test, type Page } from '@playwright/test';
import { probesResponseSchema } from '../lib/model/probe';
import { probeTotals } from '../lib/model/probe-totals';

const card = (page: Page, name: string) => page.locator(`[data-testid="probe-target"][data-name="${name}"]`);

test('Edge page on the first run: one HTTP/3 success, one advertised-but-dropped, one refused port', async ({ page }) => {
  await page.goto('/edge');
  const within = { timeout: 30_000 };
  await expect(page.getByTestId('lab-targets-note')).toContainText('real servers edgelens started on 127.0.0.1', within);

  // At least one real HTTP/3 handshake: every sample on an idle machine; on a loaded CI runner a
  // sample may miss its 3 s budget (the run is then "intermittent", still with successes).
  const ok = card(page, 'lab-h3');
  await expect(ok.getByTestId('kind-h3')).toHaveAttribute('data-verdict', /^(ok|intermittent)$/, within);
  await expect(ok.getByTestId('kind-h3')).toContainText(/[1-9]\d* of \d+ ok/);
  await expect(ok.getByTestId('alt-svc-verdict')).toHaveAttribute('data-verdict', /^(working|intermittent)$/);
  await expect(ok.getByTestId('target-source')).toHaveText('lab target (loopback)');

  const dropped = card(page, 'lab-h3-udp-dropped');
  await expect(dropped.getByTestId('kind-h3')).toHaveAttribute('data-verdict', 'failing', within);
  await expect(dropped.getByTestId('kind-tcp')).toHaveAttribute('data-verdict', 'ok');
  await expect(dropped.getByTestId('alt-svc-verdict')).toContainText('HTTP/3 advertised but broken');
  // A timeout, in words ("UDP never answered …", or on a loaded machine "no answer within 3 s …").
  await expect(dropped.getByTestId('kind-h3').getByTestId('last-error')).toContainText('timeout in quic');

  const closed = card(page, 'lab-closed-port');
  await expect(closed.getByTestId('kind-tcp')).toHaveAttribute('data-verdict', 'failing', within);
  await expect(closed.getByTestId('kind-tcp').getByTestId('last-error')).toContainText('Connection refused: nothing listens on');
});

test('/api/v1/probes lists the lab targets on loopback, and the Overview answers from them', async ({ page, request }) => {
  await expect
    .poll(
      async () => {
        const doc = probesResponseSchema.parse(await (await request.get('/api/v1/probes')).json());
        return doc.targets.filter((t) => t.source === 'lab' && (t.tcp || t.h3)).map((t) => `${t.name}@${t.host}`);
      },
      { timeout: 30_000 },
    )
    .toEqual(['lab-h3@127.0.0.1', 'lab-h3-udp-dropped@127.0.0.1', 'lab-closed-port@127.0.0.1']);

  await page.goto('/');
  const h3 = page.getByTestId('verdict-h3');
  await expect(h3).toHaveAttribute('data-basis', 'probes');
  await expect(h3).toContainText('lab targets on loopback');
  await expect(h3).toContainText('advertised, but QUIC times out on lab-h3');
});

test('with the lab targets on, the Edge page counts the probed targets as the Overview\u2019s HTTP/3 answer does', async ({ page }) => {
  // Settled: every lab target has a result (the first run finished).
  await page.goto('/edge');
  const totals = page.getByTestId('probe-totals');
  await expect(totals).toHaveAttribute('data-h3-probed', '3', { timeout: 30_000 });
  const edge = {
    text: (await totals.innerText()).trim(),
    probed: await totals.getAttribute('data-h3-probed'),
    failing: await totals.getAttribute('data-h3-failing'),
    verdict: (await page.getByTestId('h3-verdict').innerText()).trim(),
    answer: (await page.getByTestId('verdict-h3').getByTestId('verdict-headline').innerText()).trim(),
  };
  // The lab's closed port fails TCP as well: it still counts, on both pages ("of 3", never "of 2").
  expect(edge.text).toMatch(/^3 probed targets \(3 lab\) · HTTP\/3 on 3 probed targets: /);
  expect(edge.verdict).toContain('of 3 probed targets');

  await page.goto('/');
  const card = page.getByTestId('verdict-h3');
  await expect(card).toHaveAttribute('data-basis', 'probes');
  const headline = (await card.getByTestId('verdict-headline').innerText()).trim();
  expect(headline).toBe(edge.answer);
  expect(headline).toContain(`(HTTP/3 fails on ${edge.failing ?? '?'} of ${edge.probed ?? '?'} probed targets)`);
  await expect(card.getByTestId('verdict-evidence')).toContainText(`Probe totals: ${edge.text}`);
});

test('every failing probe target has a finding, on the Edge page too (the refused port included)', async ({ page, request }) => {
  const read = async () => probesResponseSchema.parse(await (await request.get('/api/v1/probes')).json());
  // Settled: the lab's first run has a TCP and an HTTP/3 result for each of its three targets (QUIC timeouts come last).
  const settled = async () => {
    const totals = probeTotals((await read()).targets);
    return Math.min(totals.tcp.probed.length, totals.h3.probed.length);
  };
  await expect.poll(settled, { timeout: 45_000 }).toBeGreaterThanOrEqual(3);
  const doc = await read();
  const failing = doc.targets.filter((t) => probeTotals(doc.targets).failing.includes(t.name));
  expect(failing.map((t) => t.name)).toEqual(expect.arrayContaining(['lab-h3-udp-dropped', 'lab-closed-port']));
  await page.goto('/edge');
  for (const t of failing) {
    const endpoint = `${t.host}:${t.port}`;
    expect(doc.findings.some((f) => f.subjects.some((s) => s.kind === 'ProbeTarget' && s.name === endpoint)), `${t.name} has a finding`).toBe(true);
    await expect(page.locator('#edge-findings [data-testid="finding"]').filter({ hasText: endpoint }).first(), t.name).toBeVisible();
  }
  await expect(page.locator('#edge-findings [data-testid="finding"][data-rule="tcp-probe-failing"]').filter({ hasText: 'refused' })).toBeVisible();
});
