import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { kubeObjectSchema } from '../model/kube';
import type { ClusterSnapshot } from '../model/cluster';
import { analyzeCluster } from './analyze-cluster';
import { healthCheckTargets } from './health-check-targets';
import { repoRoot } from './__fixtures__/load';

describe('health-check targets', () => {
  it('the announcer of each ETP=Local Service with a healthCheckNodePort (homelab-before: the mail server)', () => {
    const list = load(readFileSync(join(repoRoot, 'lab', 'scenarios', 'homelab-before.yaml'), 'utf8'), { schema: CORE_SCHEMA }) as { items: unknown[] };
    const snapshot: ClusterSnapshot = { source: 'snapshot', gaps: [], objects: list.items.flatMap((i) => { const r = kubeObjectSchema.safeParse(i); return r.success ? [r.data] : []; }) };
    const report = analyzeCluster(snapshot, { now: new Date('2026-12-07T10:00:00Z') });
    const targets = healthCheckTargets(snapshot, report);
    const mail = targets.find((t) => t.service.name === 'mailserver');
    expect(mail).toMatchObject({ service: { namespace: 'mail', name: 'mailserver' }, port: 32394 });
    const lb = report.loadBalancers.find((l) => l.services.some((s) => s.name === 'mailserver'));
    expect(mail?.node).toBe(lb?.announcer?.node);
    expect(report.nodes.find((n) => n.name === mail?.node)?.addresses).toContain(mail?.address);
    // Only ETP=Local Services are asked (kube-proxy opens no health port for Cluster).
    for (const t of targets) {
      const svc = report.loadBalancers.flatMap((l) => l.services).find((s) => s.namespace === t.service.namespace && s.name === t.service.name);
      expect(svc?.externalTrafficPolicy).toBe('Local');
    }
  });
});
