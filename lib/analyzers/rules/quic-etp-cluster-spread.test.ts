import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './quic-etp-cluster-spread';

describe('quic-etp-cluster-spread', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'http.yaml'));

  it('warns for Traefik: UDP/443 on ETP=Cluster with 2 ready endpoints', () => {
    expect(findings.map((f) => subjectNames(f).join())).toEqual(['Service traefik/traefik']);
    expect(findings[0]?.message).toContain('UDP/443 (websecure-http3)');
    expect(findings[0]?.message).toContain('across 2 ready endpoints on 2 nodes (k8s-node1, k8s-node2)');
  });

  it('ignores non-QUIC UDP (WireGuard with 2 endpoints) and sessionAffinity ClientIP (Caddy)', () => {
    const ips = findings.map((f) => f.ip);
    expect(ips).not.toContain('10.0.30.12');
    expect(ips).not.toContain('10.0.30.14');
  });
});
