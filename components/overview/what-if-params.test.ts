import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterReportSchema, type ClusterReport } from '@/lib/model';
import { DEFAULT_WHAT_IF, changeFromForm, defaultChoice, formFromChange, freePoolIps, lbChoices } from './what-if-params';

function fixture(name: string): ClusterReport {
  return clusterReportSchema.parse(JSON.parse(readFileSync(new URL(`./__fixtures__/cluster-${name}.json`, import.meta.url), 'utf8')));
}

describe('what-if change text', () => {
  it('writes only what changes, in the CLI syntax', () => {
    expect(changeFromForm({ ...DEFAULT_WHAT_IF, etp: 'Local', ip: ' 10.0.20.203 ' }, 'traefik/traefik')).toBe('traefik/traefik:etp=Local,ip=10.0.20.203');
    expect(changeFromForm({ ...DEFAULT_WHAT_IF, keyMode: 'remove' }, 'traefik/traefik')).toBe('traefik/traefik:key=');
    expect(changeFromForm({ ...DEFAULT_WHAT_IF, keyMode: 'set', key: 'web' }, 'traefik/traefik')).toBe('traefik/traefik:key=web');
  });

  it('is nothing when nothing changes or no Service is chosen', () => {
    expect(changeFromForm(DEFAULT_WHAT_IF, 'traefik/traefik')).toBeNull();
    expect(changeFromForm({ ...DEFAULT_WHAT_IF, etp: 'Local' }, '')).toBeNull();
  });

  it('reads a change back into the form it came from', () => {
    for (const form of [
      { ...DEFAULT_WHAT_IF, service: 'traefik/traefik', etp: 'Local' as const, ip: '10.0.20.203' },
      { ...DEFAULT_WHAT_IF, service: 'traefik/traefik', etp: 'Cluster' as const, keyMode: 'remove' as const },
      { ...DEFAULT_WHAT_IF, service: 'mail/mailserver', keyMode: 'set' as const, key: 'mail' },
    ]) {
      const text = changeFromForm(form, form.service);
      expect(text).not.toBeNull();
      expect(formFromChange(text ?? '')).toEqual(form);
    }
  });
});

describe('choices from the report (homelab-before)', () => {
  const report = fixture('homelab-before');
  it('lists every LoadBalancer Service and preselects Traefik', () => {
    const choices = lbChoices(report);
    expect(choices).toHaveLength(11);
    expect(defaultChoice(choices)).toBe('traefik/traefik');
  });

  it('suggests the pool address the analyzers found free, not one in use', () => {
    expect(freePoolIps(report)).toEqual([{ ip: '10.0.20.202', pool: 'homelab' }]);
  });
});
