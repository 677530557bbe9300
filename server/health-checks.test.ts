import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { kubeObjectSchema, type ClusterSnapshot, type HealthCheckObservation } from '@/lib/model';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { withHealthChecks, type HealthChecker } from './health-checks';
import { loadServerConfig } from './config';

const list = load(readFileSync(join(process.cwd(), 'lab', 'scenarios', 'homelab-before.yaml'), 'utf8'), { schema: CORE_SCHEMA }) as { items: unknown[] };
const snapshot: ClusterSnapshot = { source: 'kube', gaps: [], objects: list.items.flatMap((i) => { const r = kubeObjectSchema.safeParse(i); return r.success ? [r.data] : []; }) };
const NOW = new Date('2026-12-07T10:00:00Z');
const report = analyzeCluster(snapshot, { now: NOW });

/** Records what would be asked and answers like kube-proxy on a node without the pod. */
function recorder(): { check: HealthChecker; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    check: async (targets) =>
      targets.map((t): HealthCheckObservation => {
        asked.push(`${t.address}:${t.port}`);
        return { ...t, path: '/healthz', status: 503, localEndpoints: 0, serviceProxyHealthy: true, error: null, at: NOW.toISOString() };
      }),
  };
}

describe('opt-in kube-proxy health checks', () => {
  it('off by default; never in lab or snapshot mode (scenario addresses are data, not targets)', async () => {
    for (const [enabled, mode] of [[false, 'kube'], [true, 'lab'], [true, 'snapshot']] as const) {
      const r = recorder();
      expect(await withHealthChecks(snapshot, report, NOW, { enabled, mode, timeoutMs: 1_000, check: r.check })).toBe(report);
      expect(r.asked).toEqual([]);
    }
    expect(loadServerConfig({}).checkHealthNodePorts).toBe(false);
    expect(loadServerConfig({ EDGELENS_CHECK_HEALTH_NODE_PORTS: 'true' }).checkHealthNodePorts).toBe(true);
  });

  it('on a live cluster: asks the announcer of each ETP=Local Service and cites the answer as evidence', async () => {
    const r = recorder();
    const out = await withHealthChecks(snapshot, report, NOW, { enabled: true, mode: 'kube', timeoutMs: 1_000, check: r.check });
    expect(r.asked).toContain('10.0.20.104:32394');
    expect(out.healthChecks?.length).toBe(r.asked.length);
    const f = out.findings.find((x) => x.rule === 'etp-local-announcer-without-endpoint');
    expect(f?.evidence?.some((e) => e.startsWith('GET http://10.0.20.104:32394/healthz → 503, localEndpoints 0'))).toBe(true);
  });
});
