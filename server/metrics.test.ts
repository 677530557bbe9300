import { describe, expect, it } from 'vitest';
import { clusterMetrics, renderMetrics } from './metrics';
import type { ClusterReport } from '@/lib/model';

const report: ClusterReport = {
  source: 'lab',
  loadBalancers: [
    {
      ip: '10.0.20.200',
      announcer: { node: 'k8s-node3', source: 'ServiceL2Status' },
      services: [{ namespace: 'traefik', name: 'traefik', externalTrafficPolicy: 'Cluster', sharingKey: 'shared', ports: ['TCP/443'], readyEndpoints: 3, endpointNodes: ['a'] }],
    },
  ],
  findings: [
    { rule: 'etp-cluster-snat', severity: 'warning', subjects: [], message: 'm', evidence: [], fix: 'f' },
    { rule: 'lb-ip-referenced', severity: 'info', subjects: [], message: 'm', evidence: [], fix: 'f' },
    { rule: 'lb-ip-referenced', severity: 'info', subjects: [], message: 'm', evidence: [], fix: 'f' },
  ],
  gaps: [{ kind: 'ServiceL2Status', reason: 'forbidden', detail: 'x' }],
  nodes: [],
};

describe('metrics', () => {
  it('exposes findings per rule, shared IPs and gaps in Prometheus text format', () => {
    const text = renderMetrics(clusterMetrics(report, { mode: 'lab', version: '0.1.0', readAt: new Date(1_700_000_000_000) }));
    expect(text).toContain('# TYPE edgelens_findings gauge');
    expect(text).toContain('edgelens_findings{rule="lb-ip-referenced",severity="info"} 2');
    expect(text).toContain('edgelens_loadbalancer_services{ip="10.0.20.200",announcer="k8s-node3"} 1');
    expect(text).toContain('edgelens_cluster_gaps{kind="ServiceL2Status",reason="forbidden"} 1');
    expect(text).toContain('edgelens_cluster_read_timestamp_seconds 1700000000');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes label values so a hostile name cannot break the exposition', () => {
    const text = renderMetrics([{ name: 'x', help: 'h', type: 'gauge', samples: [{ labels: { a: 'q"\\\nz' }, value: 1 }] }]);
    expect(text).toContain('x{a="q\\"\\\\\\nz"} 1');
  });
});
