import { describe, expect, it } from 'vitest';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { NOW, loadLabScenario } from '@/lib/analyzers/__fixtures__/load';
import type { Finding } from '@/lib/model';
import { applyFilters, filtersFromParams, paramsFromFilters } from './filters';
import { allFindings, countBySeverity, errorsWorstFirst, groupStatus, statusLine } from './sources';

const cluster = (name: string): Finding[] => analyzeCluster(loadLabScenario(name), { now: NOW }).findings;
const snat: Finding = { rule: 'client-ip-snat', severity: 'error', subjects: [{ kind: 'Router', name: 'immich@kubernetes' }], message: 'immich: 97% from nodes.', evidence: [], fix: 'x' };

describe('status strip lines', () => {
  it('homelab-before: mail is named first, with its consequence', () => {
    const errors = errorsWorstFirst(allFindings({ cluster: cluster('homelab-before'), logs: [snat] }));
    expect(errors.map((x) => statusLine(x.finding))[0]).toBe('mail/mailserver: traffic dropped on 10.0.20.201');
    expect(errors.map((x) => x.source)).toEqual(['cluster', 'logs']);
    expect(statusLine(snat)).toBe('immich@kubernetes: apps see node IPs, not clients');
  });

  it('shared-ip-conflict: "traefik/traefik has no external IP" leads', () => {
    const errors = errorsWorstFirst(allFindings({ cluster: cluster('shared-ip-conflict') }));
    expect(statusLine(errors[0]?.finding ?? snat)).toBe('traefik/traefik has no external IP');
  });

  it('cluster anchors match the Overview (cluster first), other sources follow', () => {
    const list = allFindings({ cluster: cluster('homelab-before'), logs: [snat] });
    expect(list[0]?.anchor).toBe('finding-etp-local-announcer-without-endpoint-0');
    expect(list.at(-1)?.anchor).toBe('finding-client-ip-snat-0');
    const c = countBySeverity(list);
    expect(c.error).toBe(2);
  });
});

describe('grouped strip lines', () => {
  it('3+ errors of one rule share a line that names each object', () => {
    const many = ['a', 'b', 'c'].map((n): Finding => ({ ...snat, subjects: [{ kind: 'Router', name: `${n}@kubernetes` }] }));
    const groups = groupStatus(errorsWorstFirst(allFindings({ cluster: cluster('homelab-before'), logs: many })));
    expect(groups.map((g) => g.text)).toEqual(['mail/mailserver: traffic dropped on 10.0.20.201', 'a@kubernetes, b@kubernetes, c@kubernetes (3): apps see node IPs, not clients']);
  });

  it('a CrowdSec decision is named by the address it bans', () => {
    const f: Finding = { rule: 'crowdsec-decision-on-internal-ip', severity: 'error', subjects: [{ kind: 'CrowdSecDecision', name: '1' }], ip: '10.0.20.103', message: 'm', evidence: [], fix: 'x' };
    expect(statusLine(f)).toBe('10.0.20.103: CrowdSec bans this internal address');
  });
});

describe('findings filters', () => {
  it('round-trip through the URL and filter by severity, namespace and IP', () => {
    const f = filtersFromParams(new URLSearchParams('severity=error&ns=mail&bogus=1&source=nope'));
    expect(f).toEqual({ severity: 'error', rule: '', ns: 'mail', ip: '', source: '' });
    expect(paramsFromFilters(f)).toBe('severity=error&ns=mail');
    const list = allFindings({ cluster: cluster('homelab-before') });
    expect(applyFilters(list, f).map((x) => x.finding.rule)).toEqual(['etp-local-announcer-without-endpoint']);
    const byIp = applyFilters(list, { ...f, severity: '', ns: '', ip: '10.0.20.201' });
    expect(byIp.every((x) => x.finding.ip === '10.0.20.201')).toBe(true);
    expect(byIp.length).toBeGreaterThan(0);
  });
});
