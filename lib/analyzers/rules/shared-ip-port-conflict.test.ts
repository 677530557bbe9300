import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './shared-ip-port-conflict';

describe('shared-ip-port-conflict', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'shared-ip.yaml'));

  it('reports TCP/8443 claimed by app-a and app-b, not the UDP/8443 of app-c', () => {
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.ip).toBe('10.0.30.14');
    expect(f && subjectNames(f)).toEqual(['Service apps/app-a', 'Service apps/app-b']);
    expect(f?.message).toMatch(/^TCP\/8443 on 10\.0\.30\.14 is claimed by 2 Services/);
  });

  it('does not treat TCP/53 and UDP/53 on one IP as a clash', () => {
    expect(findings.some((f) => f.ip === '10.0.30.10')).toBe(false);
  });
});
