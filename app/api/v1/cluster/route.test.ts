// GET /api/v1/cluster with and without ?whatIf=, through the real route handler and runtime
// (snapshot mode on the lab's homelab-before scenario).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterReportSchema } from '@/lib/model';

const snapshotPath = fileURLToPath(new URL('../../../../lab/scenarios/homelab-before.yaml', import.meta.url));
const saved = { mode: process.env.EDGELENS_MODE, snapshot: process.env.EDGELENS_SNAPSHOT };

beforeAll(() => {
  process.env.EDGELENS_MODE = 'snapshot';
  process.env.EDGELENS_SNAPSHOT = snapshotPath;
});
afterAll(async () => {
  const { getRuntime } = await import('@/server/runtime');
  await (await getRuntime()).close();
  process.env.EDGELENS_MODE = saved.mode;
  process.env.EDGELENS_SNAPSHOT = saved.snapshot;
  if (saved.mode === undefined) delete process.env.EDGELENS_MODE;
  if (saved.snapshot === undefined) delete process.env.EDGELENS_SNAPSHOT;
});

async function get(query: string): Promise<{ status: number; body: unknown }> {
  const { GET } = await import('./route');
  const res = await GET(new Request(`http://127.0.0.1/api/v1/cluster${query}`));
  return { status: res.status, body: await res.json() };
}

describe('GET /api/v1/cluster?whatIf=', () => {
  it('returns the CLI JSON for the changed cluster; the cached report stays as it was', async () => {
    const plain = await get('');
    expect(plain.status).toBe(200);
    const q = new URLSearchParams([['whatIf', 'traefik/traefik:etp=Local,ip=10.0.20.203'], ['whatIf', 'dolt/dolt:key=other']]);
    const res = await get(`?${q}`);
    expect(res.status).toBe(200);
    const report = clusterReportSchema.parse(res.body);
    expect(report.whatIf?.changes.map((c) => c.name)).toEqual(['traefik', 'dolt']);
    expect(report.whatIf?.resolved.map((f) => f.rule)).toEqual(expect.arrayContaining(['etp-cluster-snat', 'quic-etp-cluster-spread']));
    expect(report.loadBalancers.some((lb) => lb.ip === '10.0.20.203')).toBe(true);

    const again = await get('');
    expect(again.body).toEqual(plain.body);
    expect((again.body as { whatIf?: unknown }).whatIf).toBeUndefined();
  });

  it('a bad value is 400 invalid-what-if with a message naming the bad part', async () => {
    const res = await get('?whatIf=traefik/traefik:etp=Locl');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'invalid-what-if', message: expect.stringContaining('etp must be Local or Cluster, got "Locl"') } });
  });
});
