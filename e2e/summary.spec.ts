// The three answers exist once: the Overview cards, GET /api/v1/summary and `edgelens status`
// must say the same thing on every lab scenario. The page is read as a user sees it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { summarySchema, type Summary } from '@/lib/model';
import { DEFAULT_SCENARIO, setScenario, waitForReport } from './lab';

const SCENARIOS = ['homelab-before', 'homelab-after', 'shared-ip-conflict'];
const CARDS = { clientIp: 'verdict-clients', http3: 'verdict-h3', traps: 'verdict-traps' } as const;

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

interface Shown {
  answer: string;
  headline: string;
}

async function pageAnswers(page: Page): Promise<Record<keyof Summary['answers'], Shown>> {
  const out = {} as Record<keyof Summary['answers'], Shown>;
  for (const [key, id] of Object.entries(CARDS) as Array<[keyof Summary['answers'], string]>) {
    const card = page.getByTestId(id);
    await expect(card).not.toHaveAttribute('data-answer', 'pending', { timeout: 30_000 });
    out[key] = { answer: (await card.getAttribute('data-answer')) ?? '', headline: (await card.getByTestId('verdict-headline').innerText()).trim() };
  }
  return out;
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

for (const scenario of SCENARIOS) {
  test(`${scenario}: the page shows exactly the answers of /api/v1/summary, and edgelens status agrees`, async ({ page, request }) => {
    await setScenario(request, scenario);
    await page.goto('/');
    await waitForReport(page);
    // A new log sample between the two reads may move a number: read both again until they match.
    await expect(async () => {
      await page.reload();
      await waitForReport(page);
      const shown = await pageAnswers(page);
      const res = await request.get('/api/v1/summary');
      expect(res.status()).toBe(200);
      const api = summarySchema.parse(await res.json());
      for (const key of Object.keys(CARDS) as Array<keyof Summary['answers']>) {
        expect(shown[key], key).toEqual({ answer: api.answers[key].answer, headline: api.answers[key].headline });
      }
    }).toPass({ timeout: 90_000 });

    const api = summarySchema.parse(await (await request.get('/api/v1/summary')).json());
    const cli = await status(scenario);
    expect(cli.summary.answers.clientIp.answer).toBe(api.answers.clientIp.answer);
    expect(cli.summary.answers.traps).toEqual(api.answers.traps);
    // The CLI sends no probe; the server may have probe results (e2e/edge.spec.ts configures targets).
    if (!api.answers.http3.basis.includes('probes')) expect(cli.summary.answers.http3.answer).toBe(api.answers.http3.answer);
    const no = Object.values(cli.summary.answers).some((a) => a.answer === 'no') || cli.summary.answers.traps.answer === 'yes' || cli.summary.answers.clientIp.suspect === true;
    expect(cli.code).toBe(no ? 1 : 0);
  });
}
