import { describe, expect, it } from 'vitest';
import { clusterReportSchema, type ClusterReport, type Finding } from '../model';
import { NOW, loadFixtures, loadLabScenario } from './__fixtures__/load';
import { analyzeCluster, sortFindings } from './analyze-cluster';

const summary = (r: ClusterReport): string[] => r.findings.map((f) => `${f.rule} ${f.ip ?? '-'} ${f.subjects.map((s) => `${s.kind}:${s.namespace ?? ''}/${s.name}`).join(',')}`);

describe('analyzeCluster on the lab scenarios', () => {
  it('homelab-before: Traefik shares 10.0.20.200 with 9 Services, announced from k8s-node3 (ServiceL2Status)', () => {
    const report = analyzeCluster(loadLabScenario('homelab-before'), { now: NOW });
    expect(clusterReportSchema.parse(report)).toEqual(report);
    const shared = report.loadBalancers.find((lb) => lb.ip === '10.0.20.200');
    expect(shared?.announcer).toEqual({ node: 'k8s-node3', source: 'ServiceL2Status' });
    expect(shared?.pool).toBe('homelab');
    expect(shared?.services).toHaveLength(10);
    expect(shared?.services.every((s) => s.sharingKey === 'shared' && s.externalTrafficPolicy === 'Cluster' && s.state === 'assigned')).toBe(true);
    expect(shared?.services.find((s) => s.name === 'traefik')).toMatchObject({
      namespace: 'traefik',
      ports: ['TCP/80', 'TCP/443', 'UDP/443'],
      readyEndpoints: 3,
      endpointNodes: ['k8s-node2', 'k8s-node4', 'k8s-node5'],
    });
    expect(report.loadBalancers.find((lb) => lb.ip === '10.0.20.201')?.announcer).toEqual({ node: 'k8s-node4', source: 'event' });
    expect(report.nodes.map((n) => `${n.name} ${n.addresses.join()} ${n.podCIDRs.join()}`)).toContain('k8s-node3 10.0.20.103 10.244.3.0/24');
    expect(report.gaps).toEqual([]);

    expect(summary(report)).toEqual([
      'etp-local-announcer-without-endpoint 10.0.20.201 Service:mail/mailserver,Node:/k8s-node4',
      'etp-cluster-snat 10.0.20.200 Service:traefik/traefik',
      'quic-etp-cluster-spread 10.0.20.200 Service:traefik/traefik',
      'etp-local-single-endpoint 10.0.20.201 Service:mail/mailserver',
      'lb-ip-referenced 10.0.20.200 ConfigMap:cloudflared/cloudflared-config,ConfigMap:dns/split-horizon-zone',
      'lb-ip-referenced 10.0.20.201 ConfigMap:dns/split-horizon-zone',
    ]);
    const quic = report.findings.find((f) => f.rule === 'quic-etp-cluster-spread');
    expect(quic?.message).toContain('UDP/443');
    expect(quic?.message).toContain('3 ready endpoints');
  });

  it('homelab-after: Traefik alone on 10.0.20.203 with ETP=Local announced from a node with a Traefik pod', () => {
    const report = analyzeCluster(loadLabScenario('homelab-after'), { now: NOW });
    const traefik = report.loadBalancers.find((lb) => lb.ip === '10.0.20.203');
    expect(traefik?.announcer).toEqual({ node: 'k8s-node4', source: 'ServiceL2Status' });
    expect(traefik?.services.map((s) => `${s.name} ${s.externalTrafficPolicy} ${s.sharingKey}`)).toEqual(['traefik Local null']);
    expect(report.loadBalancers.find((lb) => lb.ip === '10.0.20.200')?.services).toHaveLength(9);
    expect(report.loadBalancers.find((lb) => lb.ip === '10.0.20.201')?.announcer).toEqual({ node: 'k8s-node1', source: 'ServiceL2Status' });

    const rules = report.findings.map((f) => f.rule);
    for (const gone of ['etp-cluster-snat', 'quic-etp-cluster-spread', 'etp-local-announcer-without-endpoint']) expect(rules).not.toContain(gone);
    expect(summary(report)).toEqual([
      'etp-local-single-endpoint 10.0.20.201 Service:mail/mailserver',
      'lb-ip-referenced 10.0.20.200 ConfigMap:dns/split-horizon-zone',
      'lb-ip-referenced 10.0.20.201 ConfigMap:dns/split-horizon-zone',
      'lb-ip-referenced 10.0.20.203 ConfigMap:cloudflared/cloudflared-config,ConfigMap:dns/split-horizon-zone',
    ]);
  });

  it('shared-ip-conflict: Traefik flipped to ETP=Local in place is refused and has no IP', () => {
    const report = analyzeCluster(loadLabScenario('shared-ip-conflict'), { now: NOW });
    const shared = report.loadBalancers.find((lb) => lb.ip === '10.0.20.200');
    expect(shared?.services.find((s) => s.name === 'traefik')).toMatchObject({ externalTrafficPolicy: 'Local', state: 'requested' });
    const errors = report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.subjects[0]?.name ?? ''}`);
    expect(errors).toEqual(['shared-ip-mixed-etp traefik', 'allocation-failed traefik', 'etp-local-announcer-without-endpoint mailserver']);
    const failed = report.findings.find((f) => f.rule === 'allocation-failed');
    expect(failed?.ip).toBe('10.0.20.200');
    expect(failed?.evidence.join('\n')).toContain(`can't change sharing key for "traefik/traefik"`);
    // Traefik has no IP, so the data-plane rules do not speak about it.
    expect(report.findings.filter((f) => f.subjects.some((s) => s.name === 'traefik')).map((f) => f.rule)).toEqual(['shared-ip-mixed-etp', 'allocation-failed']);
  });
});

describe('analyzeCluster', () => {
  it('sorts findings by severity, then rule table order, then IP numerically', () => {
    const report = analyzeCluster(loadFixtures('cluster-base.yaml', 'shared-ip.yaml'), { now: NOW });
    const order = report.findings.map((f) => `${f.severity} ${f.rule} ${f.ip ?? ''}`);
    expect(order.slice(0, 5)).toEqual([
      'error shared-ip-mixed-etp 10.0.30.11',
      'error shared-ip-local-selector-mismatch 10.0.30.12',
      'error shared-ip-port-conflict 10.0.30.14',
      'error shared-ip-key-mismatch 10.0.30.15',
      'error allocation-failed 10.0.30.15',
    ]);
    expect(order).toContain('warning etp-cluster-snat 10.0.30.15');
    expect(order).toContain('warning etp-local-single-endpoint 10.0.30.11');
    expect(order.indexOf('warning etp-local-single-endpoint 10.0.30.11')).toBeGreaterThan(order.indexOf('warning etp-cluster-snat 10.0.30.15'));
  });

  it('reports an empty cluster as nothing to see, with generatedAt from the given clock', () => {
    const report = analyzeCluster({ source: 'snapshot', objects: [], gaps: [] }, { now: NOW });
    expect(report).toEqual({ source: 'snapshot', loadBalancers: [], findings: [], gaps: [], nodes: [], generatedAt: '2025-11-20T10:00:00.000Z' });
  });

  it('keeps the gaps of the reader and adds objects that failed their schema', () => {
    const snap = loadFixtures('inventory.yaml');
    snap.gaps.push({ kind: 'Event', reason: 'forbidden', detail: 'events is forbidden', rbac: 'list events' });
    const report = analyzeCluster(snap, { now: NOW });
    expect(report.gaps.map((g) => `${g.kind} ${g.reason}`)).toEqual(['Event forbidden', 'Service invalid']);
  });

  it('sortFindings orders unknown rule ids after the known ones', () => {
    const f = (rule: string, ip: string): Finding => ({ rule, severity: 'warning', subjects: [], ip, message: '', evidence: [], fix: '' });
    expect(sortFindings([f('zz-custom', '10.0.0.1'), f('etp-cluster-snat', '10.0.0.10'), f('etp-cluster-snat', '10.0.0.9')]).map((x) => `${x.rule} ${x.ip ?? ''}`)).toEqual([
      'etp-cluster-snat 10.0.0.9',
      'etp-cluster-snat 10.0.0.10',
      'zz-custom 10.0.0.1',
    ]);
  });
});
