// The cluster cache under failure, with a scripted source: an unreachable API server never turns
// into an empty healthy report; the last good one is served marked stale, with its age and reason;
// the outage and the recovery are one log line each; an analyzer that throws is an error.
import { describe, expect, it } from 'vitest';
import type { ClusterReport, ClusterSnapshot } from '@/lib/model';
import { createClusterCache } from './cluster-cache';
import { createSourceHealth } from './source-health';

const good: ClusterSnapshot = { source: 'kube', objects: [], gaps: [], kindsRead: ['Service', 'Node'] };
const refused: ClusterSnapshot = {
  source: 'kube',
  objects: [],
  gaps: [
    { kind: 'Service', reason: 'unreachable', detail: 'connection refused: https://10.0.0.1:6443 (ECONNREFUSED)' },
    { kind: 'Node', reason: 'unreachable', detail: 'connection refused: https://10.0.0.1:6443 (ECONNREFUSED)' },
  ],
  kindsRead: ['Service', 'Node'],
};
const forbiddenCrd: ClusterSnapshot = { ...good, gaps: [{ kind: 'ServiceL2Status', reason: 'forbidden', detail: 'no' }] };

function setup(opts: { analyze?: (s: ClusterSnapshot) => ClusterReport } = {}) {
  let clock = new Date('2026-12-07T10:00:00Z');
  const logs: string[] = [];
  const health = createSourceHealth({ now: () => clock, log: (l) => logs.push(l) });
  let next: ClusterSnapshot = good;
  const finding = { rule: 'etp-cluster-snat', severity: 'warning' as const, subjects: [], message: 'm', evidence: [], fix: 'f' };
  const cache = createClusterCache({
    read: async () => next,
    analyze: opts.analyze ?? ((s) => ({ source: 'kube', loadBalancers: [], findings: s.gaps.length === 0 ? [finding] : [], gaps: s.gaps, nodes: [] })),
    ttlMs: 60_000,
    readTimeoutMs: 1_000,
    retryMs: 3_600_000,
    health,
    sourceName: 'kube',
    now: () => clock,
  });
  return {
    cache,
    health,
    logs,
    serve: (s: ClusterSnapshot) => (next = s),
    advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
  };
}

describe('cluster cache under failure', () => {
  it('keeps the last good findings, marked stale with age and reason, while the API server is down', async () => {
    const t = setup();
    expect((await t.cache.current()).report.findings).toHaveLength(1);
    t.serve(refused);
    t.advance(5_000);
    t.cache.invalidate();
    const down = await t.cache.current();
    expect(down.report.findings).toHaveLength(1);
    expect(down.report.stale).toMatchObject({
      message: 'unknown — the API server is unreachable since 2026-12-07T10:00:05.000Z: connection refused: https://10.0.0.1:6443 (ECONNREFUSED)',
      lastSuccessAt: '2026-12-07T10:00:00.000Z',
      ageSeconds: 5,
    });
    t.advance(10_000);
    expect((await t.cache.current()).report.stale?.ageSeconds).toBe(15);
    expect(t.health.get('kube')).toMatchObject({ up: false, since: '2026-12-07T10:00:05.000Z' });
    expect(t.health.degraded()).toBe(true);
    t.cache.close();
  });

  it('before any good read, the answer is unknown (empty but stale, lastSuccessAt null), never a clean report', async () => {
    const t = setup();
    t.serve(refused);
    const r = await t.cache.current();
    expect(r.report.findings).toEqual([]);
    expect(r.report.stale).toMatchObject({ lastSuccessAt: null, ageSeconds: null });
    t.cache.close();
  });

  it('recovers by itself when the server answers again; outage and recovery are one log line each', async () => {
    const t = setup();
    await t.cache.current();
    t.serve(refused);
    for (let i = 0; i < 5; i++) {
      t.cache.recheck();
      await new Promise((r) => setImmediate(r));
      await t.cache.current();
    }
    t.serve(good);
    t.cache.recheck();
    // The retry runs in the background; callers get the stale answer at once until it lands.
    let back = await t.cache.current();
    for (let i = 0; i < 5 && back.report.stale; i++) {
      await new Promise((r) => setImmediate(r));
      back = await t.cache.current();
    }
    expect(back.report.stale).toBeUndefined();
    expect(t.health.get('kube').up).toBe(true);
    expect(t.logs).toEqual([expect.stringContaining('source kube is down: connection refused'), expect.stringContaining('source kube is back')]);
    expect(t.health.get('kube').errors).toBeGreaterThanOrEqual(5);
    t.cache.close();
  });

  it('a forbidden CRD is a gap in a fresh report, not an outage', async () => {
    const t = setup();
    t.serve(forbiddenCrd);
    const r = await t.cache.current();
    expect(r.report.stale).toBeUndefined();
    expect(r.report.gaps).toHaveLength(1);
    t.cache.close();
  });

  it('an analyzer that throws is an analysis-failed error, not an empty report', async () => {
    const t = setup({
      analyze: () => {
        throw new Error('rule exploded');
      },
    });
    await expect(t.cache.current()).rejects.toMatchObject({ status: 500, code: 'analysis-failed', message: expect.stringContaining('rule exploded') });
    t.cache.close();
  });
});
