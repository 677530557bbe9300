import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterReportSchema, type ClusterReport } from '@/lib/model';
import { findingAnchors } from './anchors';
import { clientIpVerdict, describeCounts, http3Verdict, severityCounts, trapsVerdict } from './verdicts';

// Reports in the cluster JSON shape of CONTRACT.md, parsed through the same schema the browser uses.
function report(partial: { loadBalancers?: unknown[]; findings?: unknown[] }): ClusterReport {
  return clusterReportSchema.parse({ source: 'lab', loadBalancers: [], findings: [], ...partial });
}

const traefik = {
  namespace: 'traefik',
  name: 'traefik',
  externalTrafficPolicy: 'Cluster',
  sharingKey: 'shared',
  ports: ['TCP/80', 'TCP/443', 'UDP/443'],
  readyEndpoints: 3,
  endpointNodes: ['k8s-node4', 'k8s-node5'],
};
const lb200 = { ip: '10.0.20.200', announcer: { node: 'k8s-node3', source: 'ServiceL2Status' }, services: [traefik] };
const finding = (rule: string, severity: string, extra: object = {}) => ({
  rule,
  severity,
  subjects: [{ kind: 'Service', namespace: 'traefik', name: 'traefik' }],
  ip: '10.0.20.200',
  message: `${rule} fired`,
  fix: 'kubectl patch …',
  ...extra,
});

describe('client IP verdict', () => {
  it('says "Likely not" when etp-cluster-snat fires, naming the service and IP and linking to the finding', () => {
    const r = report({ loadBalancers: [lb200], findings: [finding('lb-ip-referenced', 'info'), finding('etp-cluster-snat', 'warning')] });
    const v = clientIpVerdict(r);
    expect(v.word).toBe('Likely not');
    expect(v.tone).toBe('warning');
    expect(v.detail).toBe('traefik/traefik uses externalTrafficPolicy Cluster on 10.0.20.200: kube-proxy replaces client IPs with node IPs.');
    expect(v.href).toBe('#finding-etp-cluster-snat-0');
  });

  it('says the config preserves them when every service is ETP=Local, and asks to confirm with logs', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, externalTrafficPolicy: 'Local' }] }] });
    const v = clientIpVerdict(r);
    expect(v.tone).toBe('ok');
    expect(v.figure).toBe('1/1');
    expect(v.detail).toContain('Confirm with access logs');
  });

  it('does not claim anything without load balancers', () => {
    expect(clientIpVerdict(report({})).tone).toBe('unknown');
  });
});

describe('HTTP/3 verdict', () => {
  it('puts the UDP port, the IP and the endpoint count in the at-risk verdict', () => {
    const r = report({ loadBalancers: [lb200], findings: [finding('quic-etp-cluster-spread', 'warning')] });
    const v = http3Verdict(r);
    expect(v.word).toBe('At risk');
    expect(v.figure).toBe('3');
    expect(v.detail).toBe('UDP/443 on 10.0.20.200, an ETP=Cluster LB with 3 endpoints: QUIC flows can land on different pods.');
    expect(v.href).toBe('#finding-quic-etp-cluster-spread-0');
  });

  it('counts only the services the finding names, not every UDP service sharing the IP', () => {
    const dns = { ...traefik, namespace: 'dns', name: 'pihole-udp', ports: ['UDP/53'], readyEndpoints: 1 };
    const r = report({ loadBalancers: [{ ...lb200, services: [traefik, dns] }], findings: [finding('quic-etp-cluster-spread', 'warning')] });
    expect(http3Verdict(r).detail).toMatch(/^UDP\/443 on 10\.0\.20\.200, an ETP=Cluster LB with 3 endpoints/);
  });

  it('says no UDP port is exposed when no LB service has one', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, ports: ['TCP/443'] }] }] });
    const v = http3Verdict(r);
    expect(v.word).toBe('Not offered');
    expect(v.detail).toContain('No load balancer exposes UDP next to its HTTPS port');
  });

  it('does not count UDP ports of services MetalLB did not allocate', () => {
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, state: 'requested' }] }] });
    expect(http3Verdict(r)).toMatchObject({ word: 'Not served', figure: '0' });
  });

  it('does not mistake other UDP services (TURN, WireGuard) for HTTP/3', () => {
    const turn = { ...traefik, namespace: 'coturn', name: 'coturn', ports: ['TCP/3478', 'UDP/3478'] };
    const wg = { ...traefik, namespace: 'wireguard', name: 'wireguard', ports: ['UDP/51820'] };
    const r = report({ loadBalancers: [{ ...lb200, services: [{ ...traefik, ports: ['TCP/443'] }, wg] }] });
    expect(http3Verdict(r).word).toBe('Not offered');
    // TURN pairs TCP/3478 with UDP/3478, but it is not a web service.
    const r2 = report({ loadBalancers: [{ ...lb200, services: [turn] }] });
    expect(http3Verdict(r2).word).toBe('Not offered');
  });
});

describe('traps verdict', () => {
  it('counts findings by severity in the words the user reads', () => {
    const r = report({
      loadBalancers: [lb200],
      findings: [
        finding('etp-local-announcer-without-endpoint', 'error'),
        finding('etp-cluster-snat', 'warning'),
        finding('quic-etp-cluster-spread', 'warning'),
        finding('etp-local-single-endpoint', 'warning'),
        finding('lb-ip-referenced', 'info'),
      ],
    });
    const v = trapsVerdict(r);
    expect(v.detail).toBe('1 error, 3 warnings, 1 info.');
    expect(v.tone).toBe('error');
    expect(v.figure).toBe('5');
    expect(v.href).toBe('#findings');
  });

  it('reads "None found" on a clean cluster', () => {
    const v = trapsVerdict(report({ loadBalancers: [lb200] }));
    expect(v.word).toBe('None found');
    expect(v.tone).toBe('ok');
    expect(describeCounts(severityCounts([]))).toBe('no findings');
  });
});

describe('finding anchors', () => {
  it('numbers each rule separately in report order, so ids do not move when other rules change', () => {
    const r = report({ findings: [finding('a', 'info'), finding('b', 'error'), finding('a', 'warning')] });
    expect(findingAnchors(r.findings)).toEqual(['finding-a-0', 'finding-b-0', 'finding-a-1']);
  });
});

// Reports captured from the real lab API (GET /api/v1/cluster) for each scenario.
function fixture(name: string): ClusterReport {
  return clusterReportSchema.parse(JSON.parse(readFileSync(new URL(`./__fixtures__/cluster-${name}.json`, import.meta.url), 'utf8')));
}

describe('verdicts on the lab scenarios', () => {
  it('homelab-before: client IPs likely lost, HTTP/3 at risk, traps set', () => {
    const r = fixture('homelab-before');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Likely not', href: '#finding-etp-cluster-snat-0' });
    expect(http3Verdict(r)).toMatchObject({ word: 'At risk', figure: '3', href: '#finding-quic-etp-cluster-spread-0' });
    expect(http3Verdict(r).detail).toContain('UDP/443 on 10.0.20.200');
    expect(trapsVerdict(r)).toMatchObject({ word: 'Traps set', tone: 'error' });
  });

  it('homelab-after: traefik on its own ETP=Local IP preserves client IPs and allows HTTP/3', () => {
    const r = fixture('homelab-after');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Config preserves them', tone: 'ok', figure: '1/1' });
    expect(http3Verdict(r)).toMatchObject({ word: 'Config allows it', tone: 'ok' });
    expect(http3Verdict(r).detail).toContain('UDP/443 on 10.0.20.203');
  });

  it('shared-ip-conflict: the refused traefik is reported as not served, not as fine', () => {
    const r = fixture('shared-ip-conflict');
    expect(clientIpVerdict(r)).toMatchObject({ word: 'Not served', tone: 'error', href: '#finding-allocation-failed-0' });
    expect(http3Verdict(r)).toMatchObject({ word: 'Not served', tone: 'error' });
  });
});
