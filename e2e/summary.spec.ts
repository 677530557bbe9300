// One story across pages: the three answers exist once. On EVERY lab scenario, the Overview
// cards, the Client IPs page's answer and the Edge page's answer show exactly what
// GET /api/v1/summary says (word, sentence, evidence lines — so every number in them), the traps
// counts match the cluster findings, the Edge page's probe totals are the ones the HTTP/3 answer
// counts, and `edgelens status` agrees. The pages are read as a user sees them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page, type Route } from '@playwright/test';
import { labStateSchema, summarySchema, type Answer, type Finding, type Summary } from '@/lib/model';
import { DEFAULT_SCENARIO, LAB_SCENARIOS, setScenario } from './lab';

type Key = keyof Summary['answers'];
const CARDS: Record<Key, string> = { clientIp: 'verdict-clients', http3: 'verdict-h3', traps: 'verdict-traps' };
/** The card shows the first three evidence lines, then "… and N more lines" (components/summary/answer-card.tsx). */
const SHOWN_EVIDENCE = 3;

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

interface Shown {
  answer: string;
  headline: string;
  evidence: string[];
}

async function shownAnswer(page: Page, key: Key): Promise<Shown> {
  const card = page.getByTestId(CARDS[key]);
  await expect(card).toHaveAttribute('data-answer', /^(yes|no|partly|unknown)$/, { timeout: 30_000 });
  return {
    answer: (await card.getAttribute('data-answer')) ?? '',
    headline: (await card.getByTestId('verdict-headline').innerText()).trim(),
    evidence: (await card.getByTestId('verdict-evidence').locator('li').allInnerTexts().catch(() => [])).map((s) => s.trim()),
  };
}

/** What the card must show for an answer of the API. */
function expected(a: Answer): Shown {
  const more = a.evidence.length - SHOWN_EVIDENCE;
  return {
    answer: a.answer,
    headline: a.headline,
    evidence: [...a.evidence.slice(0, SHOWN_EVIDENCE), ...(more > 0 ? [`… and ${more === 1 ? '1 more line' : `${more} more lines`}`] : [])],
  };
}

async function apiSummary(request: APIRequestContext): Promise<Summary> {
  const res = await request.get('/api/v1/summary');
  expect(res.status()).toBe(200);
  return summarySchema.parse(await res.json());
}

/**
 * Reads the page, then the API, until they match: a new log sample or probe run between the two
 * reads may move a number, never the page's way of showing it.
 */
async function agreesWithApi(page: Page, request: APIRequestContext, path: string, keys: readonly Key[], extra?: (api: Summary) => Promise<void>): Promise<Summary> {
  let last: Summary | undefined;
  await expect(async () => {
    await page.goto(path);
    const shown: Partial<Record<Key, Shown>> = {};
    for (const key of keys) shown[key] = await shownAnswer(page, key);
    const api = await apiSummary(request);
    for (const key of keys) expect(shown[key], `${path} ${key}`).toEqual(expected(api.answers[key]));
    await extra?.(api);
    last = api;
  }).toPass({ timeout: 90_000 });
  if (!last) throw new Error(`${path}: no summary read`);
  return last;
}

function status(scenario: string): Promise<{ code: number; summary: Summary }> {
  const tmp = mkdtempSync(join(tmpdir(), 'edgelens-e2e-status-'));
  return new Promise((resolve, reject) => {
    // An empty HOME/KUBECONFIG: the CLI reads its own embedded lab, never a developer's cluster.
    const env = { ...process.env, HOME: tmp, KUBECONFIG: join(tmp, 'none'), EDGELENS_MODE: '' };
    execFile(process.execPath, ['bin/edgelens.mjs', 'status', '--lab', '--scenario', scenario, '--json'], { env, timeout: 60_000 }, (err, stdout) => {
      rmSync(tmp, { recursive: true, force: true });
      const code = err && typeof err.code === 'number' ? err.code : err ? -1 : 0;
      try {
        resolve({ code, summary: summarySchema.parse(JSON.parse(stdout)) });
      } catch (e) {
        reject(new Error(`edgelens status printed no summary (exit ${code}): ${stdout.slice(0, 300)}`, { cause: e }));
      }
    });
  });
}

/** "1 error, 3 warnings set (and 2 info)." → the numbers a user reads. */
function trapCounts(headline: string): { error: number; warning: number; info: number } {
  const n = (re: RegExp): number => Number(re.exec(headline)?.[1] ?? 0);
  return { error: n(/(\d+) errors?\b/), warning: n(/(\d+) warnings?\b/), info: n(/(\d+) info\b/) };
}

test('the specs cover every scenario the lab server offers', async ({ request }) => {
  const lab = labStateSchema.parse(await (await request.get('/api/v1/lab')).json());
  expect([...LAB_SCENARIOS].sort()).toEqual([...lab.scenarios].sort());
  expect(LAB_SCENARIOS.length).toBeGreaterThanOrEqual(7);
});

for (const scenario of LAB_SCENARIOS) {
  test(`${scenario}: Overview, Client IPs and Edge show exactly the answers of /api/v1/summary, and edgelens status agrees`, async ({ page, request }) => {
    test.setTimeout(180_000);
    await setScenario(request, scenario);

    // Overview: the three cards; the traps numbers are the cluster findings the page lists.
    const api = await agreesWithApi(page, request, '/', ['clientIp', 'http3', 'traps']);
    const cluster = (await (await request.get('/api/v1/cluster')).json()) as { findings: Finding[]; gaps: unknown[] };
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of cluster.findings) counts[f.severity] += 1;
    if (api.answers.traps.answer !== 'unknown') expect(trapCounts(api.answers.traps.headline), 'traps headline vs /api/v1/cluster findings').toEqual(counts);

    // Client IPs: the same client-IP answer leads the page, the log sample beneath it.
    await agreesWithApi(page, request, '/clients', ['clientIp']);
    const answerFirst = await page.evaluate(() => {
      const answer = document.querySelector('[data-testid="verdict-clients"]');
      const sample = document.querySelector('[data-testid="client-verdict"]');
      return answer !== null && (sample === null || (answer.compareDocumentPosition(sample) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
    });
    expect(answerFirst, 'the answer leads the Client IPs page, the log sample beneath it').toBe(true);

    // Edge: the same HTTP/3 answer; its probe totals are the ones the answer counts.
    await agreesWithApi(page, request, '/edge', ['http3'], async (now) => {
      const totals = page.getByTestId('probe-totals');
      const h3 = now.answers.http3;
      if (!h3.basis.includes('probes')) return;
      const text = (await totals.innerText()).trim();
      expect(h3.evidence, 'the Edge totals are the summary\u2019s HTTP/3 evidence').toContain(`Probe totals: ${text}`);
      const fails = /\(HTTP\/3 fails on (\d+) of (\d+) (?:probed targets?|targets? probed for HTTP\/3)\)/.exec(h3.headline);
      if (fails) {
        await expect(totals).toHaveAttribute('data-h3-failing', fails[1] ?? '');
        await expect(totals).toHaveAttribute('data-h3-probed', fails[2] ?? '');
      }
    });

    const cli = await status(scenario);
    const now = await apiSummary(request);
    expect(cli.summary.answers.clientIp.answer).toBe(now.answers.clientIp.answer);
    expect(cli.summary.answers.traps).toEqual(now.answers.traps);
    // The CLI sends no probe; the server may have probe results (lab targets, e2e/edge.spec.ts).
    if (!now.answers.http3.basis.includes('probes')) expect(cli.summary.answers.http3.answer).toBe(now.answers.http3.answer);
    const no = Object.values(cli.summary.answers).some((a) => a.answer === 'no') || cli.summary.answers.traps.answer === 'yes' || cli.summary.answers.clientIp.suspect === true;
    expect(cli.code).toBe(no ? 1 : 0);
  });
}

test('Client IPs and Edge: the answer\u2019s loading, error and "not up to date" states are designed, and Retry recovers', async ({ page, request }) => {
  await setScenario(request, 'homelab-before');
  const SUMMARY = '**/api/v1/summary';
  const fail = (route: Route) =>
    route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'The answers are being recomputed.' } }) });

  // Never answered: the error in place of the card, with a retry; the log evidence still shows.
  await page.route(SUMMARY, fail);
  await page.goto('/clients');
  const alert = page.getByRole('alert').filter({ hasText: 'Could not compute the answer' });
  await expect(alert).toContainText('The answers are being recomputed.', { timeout: 30_000 });
  await expect(page.getByTestId('client-verdict')).toBeVisible();
  await page.unroute(SUMMARY);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('verdict-clients')).not.toHaveAttribute('data-answer', 'pending');

  // Answered once, then a refresh fails: the answer stays, marked as not up to date.
  await page.goto('/edge');
  const card = page.getByTestId('verdict-h3');
  await expect(card).toHaveAttribute('data-answer', /^(yes|no|partly|unknown)$/);
  await page.route(SUMMARY, fail);
  const notice = page.getByRole('status').filter({ hasText: 'Not up to date' }).filter({ hasText: 'answer' });
  await expect(notice).toContainText('The answers are being recomputed.', { timeout: 30_000 });
  await expect(card).toBeVisible();
  await page.unroute(SUMMARY);
  await notice.getByRole('button', { name: 'Retry now' }).click();
  await expect(notice).toHaveCount(0);
});
