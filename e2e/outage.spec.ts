// Leave it running: faults injected into real processes, seen through a real server. The lab API
// server runs as its own process (`edgelens lab`) and a second `next start` (kube mode) reads it,
// so the API server can be killed, stopped (SIGSTOP) and restarted like a real one. Also: a CrowdSec
// LAPI that is down, a probe target that accepts TCP and never answers, 30 run requests at once,
// and SIGTERM with an HTTP/3 runner in flight. Everything listens on loopback; only processes
// started here are signalled.
import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePrometheusText, samplesOf } from '../lab/prom-text';
import { alive, descendants, freePort, startLab, startNext, waitUntil, type Proc } from './outage-procs';

const READ_TIMEOUT_MS = 2_000;
/** Slack for a loaded 2-core CI machine on top of the read timeout. */
const SLACK_MS = 1_500;

let dir: string;
let labPort: number;
let lab: Proc;
let server: Proc;
let base: string;
let hung: Server;
const hungSockets = new Set<Socket>();
let hole: dgram.Socket;

async function startLabAt(): Promise<void> {
  const started = await startLab(labPort);
  lab = started.proc;
  writeFileSync(join(dir, 'kubeconfig'), started.kubeconfig);
}

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-outage-'));
  labPort = await freePort();
  await startLabAt();
  // Accepts TCP, never says a word (a wedged backend).
  hung = createServer((s) => {
    hungSockets.add(s);
    s.on('close', () => hungSockets.delete(s));
  });
  await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
  const hungAddr = hung.address();
  const hungPort = typeof hungAddr === 'object' && hungAddr !== null ? hungAddr.port : 0;
  // Swallows every UDP datagram: an HTTP/3 probe there waits its full timeout in a runner process.
  hole = dgram.createSocket('udp4');
  await new Promise<void>((r) => hole.bind(0, '127.0.0.1', () => r()));
  const lapiPort = await freePort(); // nothing listens there: the LAPI is down
  const port = await freePort();
  server = await startNext(port, {
    EDGELENS_MODE: 'kube',
    EDGELENS_KUBECONFIG: join(dir, 'kubeconfig'),
    EDGELENS_READ_TIMEOUT: String(READ_TIMEOUT_MS),
    EDGELENS_CLUSTER_TTL: '2',
    EDGELENS_CROWDSEC_URL: `http://127.0.0.1:${lapiPort}`,
    EDGELENS_CROWDSEC_KEY: 'outage-test-key',
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_SAMPLES: '1',
    EDGELENS_PROBE_TIMEOUT: '1500',
    EDGELENS_PROBE_TARGETS: JSON.stringify([
      { name: 'hung', host: '127.0.0.1', port: hungPort, kinds: ['tcp'], insecure: true },
      { name: 'blackhole', host: '127.0.0.1', port: hole.address().port, kinds: ['h3'], insecure: true },
    ]),
  });
  base = `http://127.0.0.1:${port}`;
});

test.afterAll(async () => {
  await server?.stop('SIGKILL');
  if (lab) {
    if (alive(lab.pid)) process.kill(lab.pid, 'SIGCONT');
    await lab.stop();
  }
  for (const s of hungSockets) s.destroy();
  await new Promise<void>((r) => (hung ? hung.close(() => r()) : r()));
  await new Promise<void>((r) => (hole ? hole.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Timed<T> {
  status: number;
  body: T;
  ms: number;
}

async function get<T = unknown>(path: string): Promise<Timed<T>> {
  const t = Date.now();
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  const body = (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  return { status: res.status, body, ms: Date.now() - t };
}

type Cluster = { findings: Array<{ rule: string }>; stale?: { reason: string; since: string; lastSuccessAt: string | null; ageSeconds: number | null; message: string } };
type Health = { status: string; sources: Record<string, { up: boolean | null; reason: string | null; since: string | null }> };

test('kill the API server: API, page and /metrics say unreachable/stale within 10 s; restart: fresh within 10 s', async ({ page }) => {
  const before = await get<Cluster>('/api/v1/cluster');
  expect(before.status).toBe(200);
  expect(before.body.stale).toBeUndefined();
  expect(before.body.findings.length).toBeGreaterThan(0);
  await page.goto(base);
  await expect(page.getByTestId('verdict-traps')).toBeVisible();

  await lab.stop('SIGKILL');
  const killedAt = Date.now();

  const stale = await waitUntil('stale cluster report', async () => {
    const r = await get<Cluster>('/api/v1/cluster');
    return r.status === 200 && r.body.stale ? r.body : null;
  }, 10_000);
  const staleAfterMs = Date.now() - killedAt;
  expect(stale.value.stale?.message).toMatch(/^unknown — the API server is unreachable since /);
  expect(stale.value.stale?.reason).toMatch(/refused|ECONNREFUSED|closed|reset/i);
  expect(stale.value.stale?.lastSuccessAt).not.toBeNull();
  // The last good findings are kept (marked stale), never replaced by an empty list.
  expect(stale.value.findings.map((f) => f.rule).sort()).toEqual(before.body.findings.map((f) => f.rule).sort());

  const health = await get<Health>('/api/v1/health');
  expect(health.status).toBe(200);
  expect(health.body.status).toBe('degraded');
  expect(health.body.sources.kube).toMatchObject({ up: false, reason: expect.any(String) });

  const metrics = parsePrometheusText((await get<string>('/metrics')).body);
  const nan = [...metrics.values()].flatMap((f) => f.samples).filter((x) => x.name.startsWith('edgelens_') && Number.isNaN(x.value));
  expect(nan, JSON.stringify(nan)).toEqual([]);
  expect(samplesOf(metrics, 'edgelens_source_up', { source: 'kube' })[0]?.value).toBe(0);
  expect(samplesOf(metrics, 'edgelens_cluster_report_stale')[0]?.value).toBe(1);
  expect(samplesOf(metrics, 'edgelens_findings').length).toBeGreaterThan(0);

  const outage = page.getByTestId('source-outage');
  await expect(outage).toBeVisible({ timeout: Math.max(1_000, 10_000 - (Date.now() - killedAt)) });
  await expect(outage).toContainText('Cluster source unreachable');
  await expect(outage).toContainText('Unknown — the API server is unreachable since');
  await expect(page.getByText('None found')).toHaveCount(0);
  // Every page says which source is down (the Edge page here), not only the Overview.
  await page.goto(`${base}/edge`);
  await expect(page.getByTestId('degraded-banner')).toContainText('Kubernetes API unreachable since');
  await page.goto(base);
  // Everything else still answers.
  expect((await get('/api/v1/probes')).status).toBe(200);
  expect((await get('/api/v1/crowdsec')).status).toBe(200);

  await startLabAt();
  const fresh = await waitUntil('fresh report after restart', async () => {
    const r = await get<Cluster>('/api/v1/cluster');
    return r.status === 200 && !r.body.stale ? r.body : null;
  }, 10_000);
  test.info().annotations.push({ type: 'recovery', description: `${fresh.ms} ms` });
  console.log(`outage: the API said stale ${staleAfterMs} ms after the kill; fresh ${fresh.ms} ms after the restart`);
  await expect(outage).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('degraded-banner')).not.toContainText('Kubernetes API', { timeout: 10_000 });
  const up = parsePrometheusText((await get<string>('/metrics')).body);
  expect(samplesOf(up, 'edgelens_source_up', { source: 'kube' })[0]?.value).toBe(1);
  // The outage is in the history: the Overview lists it under "Changed in the last 24 h".
  await page.reload();
  const changes = page.getByTestId('recent-changes');
  await expect(changes).toContainText('Source kube down');
  await expect(changes).toContainText('Source kube back');
});

test('hang the API server (SIGSTOP): no request or scrape takes longer than the read timeout; SIGCONT: fresh within 10 s', async () => {
  process.kill(lab.pid, 'SIGSTOP');
  const worst: Record<string, number> = {};
  try {
    // Longer than the TTL: the cache expires and the server must read a hung API server.
    const until = Date.now() + 8_000;
    while (Date.now() < until) {
      const results = await Promise.all(['/api/v1/cluster', '/metrics', '/api/v1/health', '/api/v1/logs', '/api/v1/crowdsec'].map(async (p) => [p, await get(p)] as const));
      for (const [p, r] of results) {
        expect(r.status, `${p}: ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(p === '/api/v1/logs' ? 600 : 300);
        worst[p] = Math.max(worst[p] ?? 0, r.ms);
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    test.info().annotations.push({ type: 'worst-ms', description: JSON.stringify(worst) });
    console.log(`SIGSTOP: slowest answers (ms) ${JSON.stringify(worst)}; read timeout ${READ_TIMEOUT_MS} ms`);
    for (const [p, ms] of Object.entries(worst)) expect(ms, p).toBeLessThan(READ_TIMEOUT_MS + SLACK_MS);
    const stale = await get<Cluster>('/api/v1/cluster');
    expect(stale.body.stale?.reason).toMatch(/timed out|no answer|aborted/i);
  } finally {
    process.kill(lab.pid, 'SIGCONT');
  }
  await waitUntil('fresh after SIGCONT', async () => {
    const r = await get<Cluster>('/api/v1/cluster');
    return r.status === 200 && !r.body.stale;
  }, 10_000);
});

test('LAPI down: a finding in a 200 report, and the crowdsec source is down', async () => {
  const r = await get<{ verdict: string; findings: Array<{ rule: string }> }>('/api/v1/crowdsec');
  expect(r.status).toBe(200);
  expect(r.body.verdict).toBe('unreachable');
  expect(r.body.findings.map((f) => f.rule)).toContain('crowdsec-unreachable');
  const health = await get<Health>('/api/v1/health');
  expect(health.body.sources.crowdsec?.up).toBe(false);
});

test('a target that accepts TCP and never answers times out; 30 run requests at once are one or two runs', async () => {
  const post = () =>
    fetch(`${base}/api/v1/probes/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targets: ['hung'] }) });
  const t = Date.now();
  const first = await post();
  expect(first.status).toBe(200);
  expect(Date.now() - t).toBeLessThan(1_500 + 500 + SLACK_MS + 1_000);
  const doc = (await first.json()) as { targets: Array<{ name: string; tcp?: { results: Array<{ error: string | null }> } }> };
  expect(doc.targets.find((x) => x.name === 'hung')?.tcp?.results[0]?.error).toBe('timeout');

  const count = async () => samplesOf(parsePrometheusText((await get<string>('/metrics')).body), 'edgelens_probe_samples_total', { target: 'hung', kind: 'tcp' }).reduce((n, s) => n + s.value, 0);
  const before = await count();
  const all = await Promise.all(Array.from({ length: 30 }, post));
  expect(all.every((r) => r.status === 200)).toBe(true);
  const runs = (await count()) - before;
  console.log(`30 concurrent run requests: ${runs} run(s)`);
  expect(runs).toBeGreaterThanOrEqual(1);
  expect(runs).toBeLessThanOrEqual(2);
});

test('SIGTERM with an HTTP/3 runner in flight: no child process left', async () => {
  void fetch(`${base}/api/v1/probes/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targets: ['blackhole'] }) }).catch(() => undefined);
  const runners = await waitUntil('an HTTP/3 runner process', async () => {
    const kids = descendants(server.pid).filter((p) => /h3-runner|runner-entry/.test(p.cmd));
    return kids.length > 0 ? kids : null;
  }, 10_000, 50);
  const all = descendants(server.pid);
  await server.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 1_000));
  const left = all.filter((p) => alive(p.pid));
  expect(runners.value.length).toBeGreaterThan(0);
  expect(left, JSON.stringify(left)).toEqual([]);
});
