import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './etp-local-announcer-without-endpoint';

describe('etp-local-announcer-without-endpoint', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'announcer.yaml'));

  it('flags mailserver: announced from k8s-node2, its ready pod runs on k8s-node1', () => {
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.ip).toBe('10.0.30.17');
    expect(f && subjectNames(f)).toEqual(['Service mail/mailserver', 'Node k8s-node2']);
    expect(f?.evidence).toContain('ServiceL2Status l2-abcde: k8s-node2 announces 10.0.30.17 for mail/mailserver');
    // The old pod on node2 is terminating: it does not count as a local endpoint.
    expect(f?.evidence).toContain('EndpointSlice mailserver-x7k2p: 1 ready endpoint on k8s-node1 (1 not ready)');
  });

  it('accepts an announcer with a local endpoint, the newest nodeAssigned event, and ETP=Cluster', () => {
    const ips = findings.map((f) => f.ip);
    expect(ips).not.toContain('10.0.30.18'); // vault: announced from node2, which has vault-0
    expect(ips).not.toContain('10.0.30.19'); // forgejo: newest event says node3 (the older node2 would fire)
    expect(ips).not.toContain('10.0.30.20'); // Cluster: any node forwards
  });
});
