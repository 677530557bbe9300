import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './shared-ip-mixed-etp';

describe('shared-ip-mixed-etp', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'shared-ip.yaml'));

  it('flags the odd ETP=Local Service among ETP=Cluster ones on 10.0.30.11', () => {
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.ip).toBe('10.0.30.11');
    expect(f && subjectNames(f)).toEqual(['Service web/nginx']);
    expect(f?.message).toContain('1 Local (web/nginx) and 2 Cluster');
    expect(f?.fix).toContain('metallb.io/loadBalancerIPs=10.0.30.16');
  });

  it('stays quiet for IPs whose Services all share one policy (10.0.30.10, .12, .13, .14, .15)', () => {
    expect(findings.map((f) => f.ip)).not.toContain('10.0.30.10');
    expect(findings.map((f) => f.ip)).not.toContain('10.0.30.13');
  });
});
