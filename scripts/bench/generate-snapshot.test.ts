import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });
import { analyzeCluster } from '../../lib/analyzers/analyze-cluster';
import { generateLargeSnapshot, toListJson, toListYaml } from './generate-snapshot';

describe('generateLargeSnapshot', () => {
  const small = { nodes: 12, services: 60, slicesPerService: 2, seed: 7 };

  it('makes the requested numbers of nodes, Services and EndpointSlices', () => {
    const snap = generateLargeSnapshot(small);
    const count = (k: string): number => snap.objects.filter((o) => o.kind === k).length;
    expect([count('Node'), count('Service'), count('EndpointSlice')]).toEqual([12, 60, 120]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(toListJson(generateLargeSnapshot(small))).toBe(toListJson(generateLargeSnapshot(small)));
    expect(toListJson(generateLargeSnapshot({ ...small, seed: 8 }))).not.toBe(toListJson(generateLargeSnapshot(small)));
  });

  it('writes a kubectl-shaped List in JSON and YAML', () => {
    const snap = generateLargeSnapshot(small);
    const fromJson: unknown = JSON.parse(toListJson(snap));
    const fromYaml: unknown = parse(toListYaml(snap));
    expect(fromJson).toEqual(fromYaml);
    expect(fromJson).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
  });

  it('produces a cluster the analyzer finds things in (shared IPs, announcers, references)', () => {
    const report = analyzeCluster(generateLargeSnapshot(small), { now: new Date('2025-11-20T10:00:00Z') });
    expect(report.loadBalancers.length).toBeGreaterThan(0);
    expect(report.gaps).toEqual([]);
    expect(new Set(report.findings.map((f) => f.rule)).size).toBeGreaterThan(2);
  });
});
