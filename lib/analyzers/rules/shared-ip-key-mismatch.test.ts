import { describe, expect, it } from 'vitest';
import { loadFixtures, runRule, subjectNames } from '../__fixtures__/load';
import { rule } from './shared-ip-key-mismatch';

describe('shared-ip-key-mismatch', () => {
  const findings = runRule(rule, loadFixtures('cluster-base.yaml', 'shared-ip.yaml'));

  it('names only the Service asking for 10.0.30.15 with another key', () => {
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.ip).toBe('10.0.30.15');
    expect(f && subjectNames(f)).toEqual(['Service home/zigbee2mqtt']);
    expect(f?.steps?.map((s) => s.command)).toEqual(['kubectl -n home annotate svc zigbee2mqtt metallb.io/allow-shared-ip=home --overwrite']);
    expect(f?.fix).toContain('kubectl -n home annotate svc zigbee2mqtt metallb.io/allow-shared-ip=home --overwrite');
  });

  it('treats the legacy metallb.universe.tf/allow-shared-ip as the same key (pihole on 10.0.30.10)', () => {
    expect(findings.some((f) => f.ip === '10.0.30.10')).toBe(false);
  });
});
