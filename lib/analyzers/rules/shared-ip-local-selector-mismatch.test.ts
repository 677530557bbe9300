import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './shared-ip-local-selector-mismatch';

describe('shared-ip-local-selector-mismatch', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'shared-ip.yaml'));

  it('names the ETP=Local Service whose selector differs from the others on 10.0.30.12', () => {
    expect(findings).toHaveLength(1);
    expect(findings[0]?.ip).toBe('10.0.30.12');
    expect(findings[0] && subjectNames(findings[0])).toEqual(['Service media/navidrome']);
    expect(findings[0]?.evidence).toContain('Service media/navidrome: selector app.kubernetes.io/name=navidrome, endpoints on k8s-node3');
  });

  it('accepts ETP=Local Services that select the same pods (adguard TCP/UDP on 10.0.30.13)', () => {
    expect(findings.some((f) => f.ip === '10.0.30.13')).toBe(false);
  });
});
