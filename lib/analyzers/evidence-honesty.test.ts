// Evidence is what was observed. Every finding edgelens can raise without a probe — every
// cluster rule over every lab scenario and analyzer fixture, the log findings over the log
// fixtures, CrowdSec with no LAPI answer, the edge rules with no probe result — must not claim
// an answer, a handshake, a status or a timeout that no probe produced. Predictions ("would
// answer 503") belong in `why`. The last case proves the detector is not blind: a real
// health-check observation does show up as evidence and is recognised as a probe claim.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { kubeObjectSchema, type KubeObject } from '../model/kube';
import type { ClusterSnapshot, HealthCheckObservation } from '../model/cluster';
import type { Finding } from '../model/finding';
import type { ProbeReport } from '../model/probe';
import { analyzeCluster } from './analyze-cluster';
import { analyzeEdge } from './edge';
import { analyzeCrowdsec } from './crowdsec';
import { loadFixtures, repoRoot } from './__fixtures__/load';
import { analyzeLogText } from '../logs';
import { addressContextFromObjects } from '../logs/address-context';

/** Words that report the outcome of asking something over the network. */
const PROBE_CLAIM =
  /\b(answer(s|ed)?|respond(s|ed)?|repl(y|ies|ied)|returned)\b[^.;]*\b[1-5]\d\d\b|\bHTTP(\/[\d.]+)? [1-5]\d\d\b|\bstatus:? [1-5]\d\d\b|→ *[1-5]\d\d\b|\bhandshake\b|\btim(ed|es) out\b|\brefused\b|\bno answer\b|\bALPN\b|\bp(50|95)\b/i;

function snapshotOf(file: string): ClusterSnapshot {
  const objects: KubeObject[] = [];
  for (const value of loadAll(readFileSync(file, 'utf8'), null, { schema: CORE_SCHEMA })) {
    if (value === null || typeof value !== 'object') continue;
    const items: unknown[] = 'items' in value && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) {
      const r = kubeObjectSchema.safeParse(item);
      if (r.success) objects.push(r.data);
    }
  }
  return { source: 'snapshot', objects, gaps: [] };
}

const NOW = new Date('2026-12-07T10:00:00Z');
const scenarioDir = join(repoRoot, 'lab', 'scenarios');
const fixtureDir = join(repoRoot, 'lib', 'analyzers', '__fixtures__');
const snapshots: Array<[string, ClusterSnapshot]> = [
  ...readdirSync(scenarioDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f): [string, ClusterSnapshot] => [`lab/scenarios/${f}`, snapshotOf(join(scenarioDir, f))]),
  ...readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.yaml') && f !== 'cluster-base.yaml' && readFileSync(join(fixtureDir, f), 'utf8').includes('apiVersion:'))
    .map((f): [string, ClusterSnapshot] => [`fixtures cluster-base + ${f}`, loadFixtures('cluster-base.yaml', f)]),
];

function claims(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => (f.evidence ?? []).filter((e) => PROBE_CLAIM.test(e)).map((e) => `${f.rule}: ${e}`));
}

describe('no evidence line claims a probe result that no probe produced', () => {
  it.each(snapshots)('cluster rules on %s', (_name, snapshot) => {
    const report = analyzeCluster(snapshot, { now: NOW });
    expect(claims(report.findings)).toEqual([]);
  });

  it('the scenarios do raise findings with evidence (the check above is not vacuous)', () => {
    const all = snapshots.flatMap(([, s]) => analyzeCluster(s, { now: NOW }).findings);
    expect(all.filter((f) => (f.evidence ?? []).length > 0).length).toBeGreaterThan(10);
    expect(all.map((f) => f.rule)).toContain('etp-local-announcer-without-endpoint');
  });

  it('log findings over every log fixture, with the lab cluster as context', () => {
    const before = snapshotOf(join(scenarioDir, 'homelab-before.yaml'));
    const ctx = addressContextFromObjects(before.objects);
    const dir = join(repoRoot, 'lib', 'logs', '__fixtures__');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
      const report = analyzeLogText(readFileSync(join(dir, f)), ctx);
      expect(claims(report.findings), f).toEqual([]);
    }
  });

  it('CrowdSec with no LAPI answer, and the edge rules with no probe result or only a TCP one', () => {
    const crowdsec = analyzeCrowdsec(null, { classify: () => 'public', now: NOW, routers: [{ router: 'app@kubernetes', byClass: { node: 40 }, requests: 40 }] });
    expect(claims(crowdsec.findings)).toEqual([]);
    expect(claims(analyzeEdge({ targets: [{ endpoint: '10.0.20.200:443', tcp: null, h3: null }] }))).toEqual([]);
    // Only TCP was probed: nothing may be said about an HTTP/3 outcome.
    const tcp: ProbeReport = {
      kind: 'tcp',
      target: '10.0.20.200:443',
      sni: null,
      samples: 1,
      ok: 1,
      failed: 0,
      verdict: 'ok',
      results: [{ ok: true, phase: 'done', error: null, handshakeMs: 2, totalMs: 3, alpn: 'h2', status: 200, altSvc: 'h3=":443"' }],
    };
    const edge = analyzeEdge({ targets: [{ endpoint: '10.0.20.200:443', tcp, h3: null }] });
    expect(edge.flatMap((f) => f.evidence ?? []).filter((e) => /HTTP\/3|QUIC|UDP/i.test(e) && PROBE_CLAIM.test(e))).toEqual([]);
  });

  it('a health check the server really made is cited as evidence, and recognised as a probe claim', () => {
    const snapshot = snapshotOf(join(scenarioDir, 'homelab-before.yaml'));
    const plain = analyzeCluster(snapshot, { now: NOW }).findings.find((f) => f.rule === 'etp-local-announcer-without-endpoint');
    expect(plain, 'homelab-before has an ETP=Local Service announced from a node without its pod').toBeDefined();
    const node = plain?.subjects.find((s) => s.kind === 'Node')?.name ?? '';
    const svc = plain?.subjects.find((s) => s.kind === 'Service');
    // Without a check the prediction is in `why`, worded as one.
    expect(plain?.why).toMatch(/would answer 503 on healthCheckNodePort \d+/);
    const observed: HealthCheckObservation = {
      service: { namespace: svc?.namespace ?? '', name: svc?.name ?? '' },
      node,
      address: '10.0.20.104',
      port: 32394,
      path: '/healthz',
      status: 503,
      localEndpoints: 0,
      serviceProxyHealthy: true,
      error: null,
      at: '2026-12-07T09:59:58.000Z',
    };
    const checked = analyzeCluster(snapshot, { now: NOW, healthChecks: [observed] }).findings.find((f) => f.rule === 'etp-local-announcer-without-endpoint');
    const line = `GET http://10.0.20.104:32394/healthz → 503, localEndpoints 0 (kube-proxy health check on ${node}, asked by edgelens at 2026-12-07T09:59:58.000Z)`;
    expect(checked?.evidence).toContain(line);
    expect(PROBE_CLAIM.test(line)).toBe(true);
    expect(checked?.why).not.toMatch(/would answer/);
  });
});
