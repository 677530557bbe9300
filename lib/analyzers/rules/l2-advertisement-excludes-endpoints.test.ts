import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './l2-advertisement-excludes-endpoints';

describe('l2-advertisement-excludes-endpoints', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'l2adv.yaml'));

  it('flags the ETP=Local Service whose only endpoint node is not selected (matchExpressions Exists)', () => {
    const f = findings.find((x) => x.ip === '10.0.30.10');
    expect(f && subjectNames(f)).toEqual(['Service apps/arm-only', 'L2Advertisement metallb-system/edge-only']);
    expect(f?.message).toContain('has endpoints only on k8s-node3');
    expect(f?.message).toContain('allows k8s-node1, k8s-node2 to announce it');
  });

  it('flags a pool (chosen by ipAddressPoolSelectors) whose nodeSelectors match no node at all', () => {
    const f = findings.find((x) => x.ip === '10.0.31.1');
    expect(f && subjectNames(f)).toEqual(['Service dmz/proxy', 'L2Advertisement metallb-system/dmz-l2']);
  });

  it('accepts Local Services with an endpoint on an allowed node and Cluster Services', () => {
    expect(findings.map((f) => f.ip).sort()).toEqual(['10.0.30.10', '10.0.31.1']);
  });

  it('stays quiet without L2Advertisements for the pool (BGP, or not read)', () => {
    expect(runRule(rule, loadFixtures('cluster-base.yaml', 'announcer.yaml'))).toEqual([]);
  });
});
