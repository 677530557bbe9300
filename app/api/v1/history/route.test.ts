// History through the real runtime and routes: start, probe, stop, start — the samples are there
// (GET /api/v1/probes?since=1h), the findings timeline says what appeared, and a bad range is a 400.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyResponseSchema, probesResponseSchema } from '@/lib/model';
import { startCaddy, type RunningCaddy } from '@/lab/caddy';

const RUNTIME = Symbol.for('edgelens.runtime');
const ENV = ['EDGELENS_MODE', 'EDGELENS_SNAPSHOT', 'EDGELENS_HISTORY_PATH', 'EDGELENS_PROBE_INTERVAL', 'EDGELENS_PROBE_SAMPLES', 'EDGELENS_PROBE_SAMPLE_INTERVAL', 'EDGELENS_PROBE_TARGETS'];
let dir: string;
let caddy: RunningCaddy;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-history-route-'));
  caddy = await startCaddy({ h3: false });
  Object.assign(process.env, {
    EDGELENS_MODE: 'snapshot',
    EDGELENS_SNAPSHOT: fileURLToPath(new URL('../../../../lab/scenarios/homelab-before.yaml', import.meta.url)),
    EDGELENS_HISTORY_PATH: join(dir, 'history.sqlite'),
    EDGELENS_PROBE_INTERVAL: '0',
    EDGELENS_PROBE_SAMPLES: '2',
    EDGELENS_PROBE_SAMPLE_INTERVAL: '0',
    EDGELENS_PROBE_TARGETS: JSON.stringify([{ name: 'web', host: '127.0.0.1', port: caddy.port, kinds: ['tcp'], insecure: true }]),
  });
});

afterAll(async () => {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime().catch(() => null))?.close();
  await caddy?.stop();
  for (const k of ENV) delete process.env[k];
  rmSync(dir, { recursive: true, force: true });
});

async function restart(): Promise<void> {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime()).close();
  delete (globalThis as { [RUNTIME]?: unknown })[RUNTIME];
}

describe('history across a restart', () => {
  it('start, probe, stop, start: the samples and the findings timeline are there', async () => {
    const { getRuntime } = await import('@/server/runtime');
    const rt = await getRuntime();
    await rt.getClusterReport();
    await rt.probes().run();
    await restart();

    const probes = await import('../probes/route');
    const res = await probes.GET(new Request('http://127.0.0.1/api/v1/probes?since=1h'));
    expect(res.status).toBe(200);
    // The new process has not probed: the history can only come from the file.
    const doc = probesResponseSchema.parse(await res.json());
    expect(doc.lastRunAt).toBeNull();
    const web = doc.targets.find((t) => t.name === 'web');
    expect(web?.tcp).toBeUndefined();
    expect(web?.recorded?.tcp.map((p) => p.ok)).toEqual([true, true]);
    expect(web?.recorded?.tcp[0]?.handshakeMs).toBeGreaterThan(0);

    const history = await import('./route');
    const h = historyResponseSchema.parse(await (await history.GET(new Request('http://127.0.0.1/api/v1/history?since=24h'))).json());
    expect(h.persistent).toBe(true);
    expect(h.findings.some((f) => f.event === 'appeared' && f.rule === 'etp-cluster-snat')).toBe(true);
    const { getRuntime: again } = await import('@/server/runtime');
    const rt2 = await again();
    expect(rt2.history.probeHistory('web', 'tcp', Date.now() - 3_600_000)).toHaveLength(2);
    // The first run after the restart: the chart holds the earlier samples and the new ones.
    const after = await rt2.probes().run();
    expect(after.targets.find((t) => t.name === 'web')?.tcp?.history).toHaveLength(4);
    // With a range, the runs come from the file too: the run before the restart and the one after.
    const ranged = probesResponseSchema.parse(await (await probes.GET(new Request('http://127.0.0.1/api/v1/probes?since=1h'))).json());
    expect(ranged.targets.find((t) => t.name === 'web')?.tcp?.runs.map((r) => [r.samples, r.ok])).toEqual([
      [2, 2],
      [2, 2],
    ]);
  });

  it('a range other than 1h, 24h, 7d is a 400 naming the choices', async () => {
    const history = await import('./route');
    const res = await history.GET(new Request('http://127.0.0.1/api/v1/history?since=2y'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid-since', message: 'since must be one of 1h, 24h, 7d; got "2y"' } });
  });
});
