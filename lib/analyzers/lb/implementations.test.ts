// Each implementation on snapshots built from its upstream shapes (fixture headers
// cite the upstream files): who handles each Service, who holds each address, and
// which rules fire — and, as important, which stay quiet.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../model/finding';
import type { ClusterReport } from '../../model/cluster';
import { loadFixtures, NOW, subjectNames } from '../__fixtures__/load';
import { analyzeCluster } from '../analyze-cluster';
import { buildInventory } from '../inventory';
import { parseAnnouncing } from './purelb';
import { detectImplementation } from './index';

function run(...files: string[]): ClusterReport {
  return analyzeCluster(loadFixtures(...files), { now: NOW });
}
const of = (r: ClusterReport, rule: string): Finding[] => r.findings.filter((f) => f.rule === rule);
const lbOf = (r: ClusterReport, ip: string) => r.loadBalancers.find((lb) => lb.ip === ip);

describe('Cilium L2 announcements + LB-IPAM', () => {
  const r = run('lb/cilium.yaml');

  it('reads the holder from the Lease cilium-l2announce-<ns>-<name>', () => {
    const lb = lbOf(r, '10.0.20.200');
    expect(lb).toMatchObject({ implementation: 'cilium', announcer: { node: 'k8s-node2', source: 'lease' }, via: 'Lease kube-system/cilium-l2announce-traefik-traefik', pool: 'homelab' });
  });

  it('etp-local-announcer-without-endpoint fires for the lease holder without a pod, with a Cilium fix; not for whoami', () => {
    const f = of(r, 'etp-local-announcer-without-endpoint');
    expect(f.map((x) => x.ip)).toEqual(['10.0.20.200']);
    expect(f[0] && subjectNames(f[0])).toEqual(['Service traefik/traefik', 'Node k8s-node2']);
    expect(f[0]?.evidence[0]).toContain('Lease kube-system/cilium-l2announce-traefik-traefik: holderIdentity k8s-node2');
    expect(f[0]?.fix).toContain('CiliumL2AnnouncementPolicy nodeSelector');
    expect(f[0]?.fix).toContain('kubectl -n kube-system delete lease cilium-l2announce-traefik-traefik');
    expect(f[0]?.fix).not.toContain('metallb');
  });

  it('TCP/53 and UDP/53 clash under LB-IPAM (port numbers only), and the refused one carries the condition', () => {
    const ports = of(r, 'shared-ip-port-conflict');
    expect(ports.map((x) => x.message)).toEqual(['port 53 on 10.0.20.205 is claimed by 2 Services: home/pihole-dns-tcp, home/pihole-dns-udp.']);
    expect(ports[0]?.why).toContain('port number alone');
    const refused = of(r, 'allocation-failed').find((x) => x.ip === '10.0.20.205');
    expect(refused?.message).toContain('Cilium LB-IPAM refused 10.0.20.205 (condition cilium.io/IPAMRequestSatisfied=False, reason already_allocated_incompatible_service');
    expect(refused?.evidence.join('\n')).toContain("Reason: same port");
    expect(refused?.fix).toContain('lbipam.cilium.io/sharing-key');
  });

  it('allocation-failed names no_pool for an address outside every pool', () => {
    const f = of(r, 'allocation-failed').find((x) => x.ip === '10.0.30.50');
    expect(f?.evidence.join('\n')).toContain("No pool exists with a CIDR containing '10.0.30.50'");
    expect(f?.fix).toContain('CiliumLoadBalancerIPPool');
  });

  it('shared-ip-mixed-etp uses the Cilium sharing key and commands; no MetalLB-only rule fires', () => {
    const f = of(r, 'shared-ip-mixed-etp');
    expect(f.map((x) => x.ip)).toEqual(['10.0.20.210']);
    expect(f[0]?.why).toContain('Cilium LB-IPAM');
    expect(f[0]?.fix).toContain('lbipam.cilium.io/ips=');
    expect(of(r, 'l2-advertisement-excludes-endpoints')).toEqual([]);
    expect(r.findings.some((x) => `${x.fix} ${x.why}`.includes('metallb.io/'))).toBe(false);
  });
});

describe('kube-vip', () => {
  it('a mixed cluster: the classed kube-vip Service is kube-vip\'s, the MetalLB one stays MetalLB\'s', () => {
    const r = run('cluster-base.yaml', 'lb/mixed-metallb-kube-vip.yaml');
    expect(r.loadBalancers.map((lb) => [lb.ip, lb.implementation, lb.services.map((s) => s.name).join(',')])).toEqual([
      ['10.0.30.12', 'metallb', 'nginx'],
      ['10.0.30.40', 'kube-vip', 'homeassistant'],
    ]);
    // The control-plane lease plndr-cp-lock (held by node1, which has the pod) is not a Service holder.
    expect(lbOf(r, '10.0.30.40')).toMatchObject({ announcer: { node: 'k8s-node3', source: 'lease' }, via: 'Lease kube-system/plndr-svcs-lock' });
    const f = of(r, 'etp-local-announcer-without-endpoint');
    expect(f.map((x) => x.ip)).toEqual(['10.0.30.40']);
    expect(f[0]?.fix).toContain('svc_election=true');
    expect(f[0]?.fix).not.toContain('metallb');
    // kube-vip's Service is never judged by MetalLB's pool, advertisements or allocation rules.
    for (const x of r.findings.filter((y) => y.ip === '10.0.30.40')) expect(`${x.fix} ${x.why}`).not.toContain('metallb.io/');
    expect(of(r, 'allocation-failed')).toEqual([]);
    expect(of(r, 'lb-ip-referenced')).toEqual([]); // the kubevip ConfigMap range is a pool, not a reference
  });

  it('svc_election: the per-Service Lease kubevip-<name> decides; a stale holder without a pod fires', () => {
    const r = run('lb/kube-vip.yaml');
    expect(lbOf(r, '10.0.20.230')).toMatchObject({ implementation: 'kube-vip', announcer: { node: 'k8s-node2', source: 'lease' }, via: 'Lease media/kubevip-jellyfin' });
    const f = of(r, 'etp-local-announcer-without-endpoint');
    expect(f.map((x) => x.ip)).toEqual(['10.0.20.231']);
    expect(f[0]?.fix).toContain('restart kube-vip there');
  });

  it('allocation-failed reads the cloud-provider SyncLoadBalancerFailed event', () => {
    const r = run('lb/kube-vip.yaml');
    const f = of(r, 'allocation-failed');
    expect(f.map((x) => subjectNames(x))).toEqual([['Service media/audiobooks']]);
    expect(f[0]?.message).toContain('kube-vip-cloud-provider refused an address (SyncLoadBalancerFailed, 12 times');
    expect(f[0]?.fix).toContain('ConfigMap kube-system/kubevip');
  });
});

describe('k3s ServiceLB', () => {
  const r = run('lb/servicelb.yaml');

  it('has no announcer; the holders are the nodes in status.loadBalancer.ingress, from the svclb DaemonSet', () => {
    const traefik = r.loadBalancers.find((lb) => lb.services[0]?.name === 'traefik');
    expect(traefik).toMatchObject({
      implementation: 'servicelb',
      announcer: null,
      holders: ['k3s-node1', 'k3s-node2', 'k3s-node3'],
      via: 'DaemonSet kube-system/svclb-traefik-1a2b3c4d, status.loadBalancer.ingress',
    });
  });

  it('node addresses shared by design raise no shared-IP finding; a port clash does', () => {
    for (const rule of ['shared-ip-mixed-etp', 'shared-ip-key-mismatch', 'shared-ip-local-selector-mismatch', 'lb-ip-referenced']) expect(of(r, rule)).toEqual([]);
    const ports = of(r, 'shared-ip-port-conflict');
    expect(ports.map((x) => x.message)).toEqual(['TCP/443 on the node addresses is claimed by 2 Services: kube-system/traefik, apps/whoami.']);
    expect(ports[0]?.evidence).toContain('Service apps/whoami: ports TCP/443 (published on no node)');
  });

  it('servicelb-no-node: ETP=Local without a ready pod, and svclb pods Pending on a taken hostPort', () => {
    const f = of(r, 'servicelb-no-node');
    expect(f.map((x) => subjectNames(x)[0])).toEqual(['Service apps/whoami', 'Service dev/gitea-ssh']);
    const gitea = f.find((x) => subjectNames(x)[0] === 'Service dev/gitea-ssh');
    expect(gitea?.message).toContain('ETP=Local and has no ready endpoint');
    expect(gitea?.evidence).toContain('Event UnAvailableLoadBalancer ×4, last 2025-11-20T09:55:00Z: There are no available nodes for LoadBalancer');
    expect(f.find((x) => subjectNames(x)[0] === 'Service apps/whoami')?.message).toContain('svclb pods are Pending');
    expect(of(r, 'allocation-failed')).toEqual([]);
  });

  it('etp-cluster-snat names the ServiceLB masquerade and the svclb pods as the source, with the k3s ways out', () => {
    const f = of(r, 'etp-cluster-snat');
    expect(f.map((x) => subjectNames(x)[0])).toEqual(['Service kube-system/traefik']);
    expect(f[0]?.message).toContain('ServiceLB masquerade');
    expect(f[0]?.evidence.join('\n')).toContain('svclb-traefik-1a2b3c4d-abcde 10.42.0.8 on k3s-node1');
    expect(f[0]?.fix).toContain('--disable=servicelb');
    expect(f[0]?.fix).toContain('svccontroller.k3s.cattle.io/enablelb');
  });
});

describe('PureLB', () => {
  const r = run('lb/purelb.yaml');

  it('reads both announcing formats (v0.13 "node,iface", v0.16 "node,iface,ip")', () => {
    expect(lbOf(r, '10.0.20.240')).toMatchObject({ implementation: 'purelb', announcer: { node: 'k8s-node2', source: 'annotation' }, via: 'annotation purelb.io/announcing-IPv4', pool: 'default' });
    expect(lbOf(r, '10.0.20.241')?.announcer).toEqual({ node: 'k8s-node1', source: 'annotation' });
    expect(parseAnnouncing('node-a,eth0,192.0.2.10 node-b,bond0.20,192.0.2.11')).toEqual([
      { node: 'node-a', iface: 'eth0', ip: '192.0.2.10' },
      { node: 'node-b', iface: 'bond0.20', ip: '192.0.2.11' },
    ]);
  });

  it('allow-local with the winner elsewhere fires, with the PureLB fix; the announcer with the pod does not', () => {
    const f = of(r, 'etp-local-announcer-without-endpoint');
    expect(f.map((x) => x.ip)).toEqual(['10.0.20.240']);
    expect(f[0]?.fix).toContain('purelb.io/allow-local');
  });

  it('TCP/53 + UDP/53 share; another key is refused (AllocationFailed) and named by shared-ip-key-mismatch', () => {
    expect(of(r, 'shared-ip-port-conflict')).toEqual([]);
    const key = of(r, 'shared-ip-key-mismatch');
    expect(key.map((x) => subjectNames(x))).toEqual([['Service dns/blocky']]);
    expect(key[0]?.fix).toBe('kubectl -n dns annotate svc blocky purelb.io/allow-shared-ip=dns --overwrite');
    const failed = of(r, 'allocation-failed');
    expect(failed[0]?.message).toContain('PureLB refused 10.0.20.245 (AllocationFailed, 7 times');
    expect(failed[0]?.fix).toContain('purelb.io/allow-shared-ip');
  });
});

describe('detectImplementation', () => {
  const det = (files: string[], key: string) => {
    const inv = buildInventory(loadFixtures(...files));
    const svc = inv.services.get(key)?.view;
    if (!svc) throw new Error(`no ${key}`);
    return { inv, svc, d: detectImplementation(svc, inv) };
  };

  it('class first, then marks, then what is installed; an unknown class is unknown, not MetalLB', () => {
    const mixed = ['cluster-base.yaml', 'lb/mixed-metallb-kube-vip.yaml'];
    expect(det(mixed, 'home/homeassistant').d).toMatchObject({ adapter: { id: 'kube-vip' }, claim: { how: 'class' } });
    expect(det(mixed, 'web/nginx').d).toMatchObject({ adapter: { id: 'metallb' }, claim: { how: 'mark' } });
    expect(det(['lb/purelb.yaml'], 'dns/blocky').d).toMatchObject({ adapter: { id: 'purelb' }, claim: { how: 'mark', evidence: 'Service dns/blocky: annotation purelb.io/allow-shared-ip' } });
    expect(det(['lb/servicelb.yaml'], 'dev/gitea-ssh').d).toMatchObject({ adapter: { id: 'servicelb' }, claim: { evidence: 'Service dev/gitea-ssh: DaemonSet kube-system/svclb-gitea-ssh-5e6f7a8b' } });
    const { inv, svc } = det(mixed, 'home/homeassistant');
    expect(detectImplementation({ ...svc, spec: { ...svc.spec, loadBalancerClass: 'example.com/other' } }, inv).adapter.id).toBe('unknown');
    // No class, no marks: what is installed decides (here MetalLB's pool).
    const bare = { ...svc, metadata: { ...svc.metadata, annotations: {}, labels: {} }, spec: { ...svc.spec, loadBalancerClass: undefined } };
    expect(detectImplementation(bare, inv).claim).toMatchObject({ how: 'cluster', evidence: 'no class or marks on home/homeassistant; IPAddressPool lan is installed' });
  });
});

describe('what-if on other implementations', () => {
  it('says plainly that only MetalLB is simulated, naming the implementation and why', async () => {
    const { applyWhatIf } = await import('../what-if/apply');
    const snap = loadFixtures('cluster-base.yaml', 'lb/mixed-metallb-kube-vip.yaml');
    expect(() => applyWhatIf(snap, [{ namespace: 'home', name: 'homeassistant', etp: 'Cluster' }], { now: NOW })).toThrow(
      /home\/homeassistant is handled by kube-vip \(Service home\/homeassistant: spec.loadBalancerClass kube-vip.io\/kube-vip-class\); the what-if simulates MetalLB's allocator and L2 election only/,
    );
    // The MetalLB Service of the same cluster is still simulated.
    const r = applyWhatIf(snap, [{ namespace: 'web', name: 'nginx', etp: 'Local' }], { now: NOW });
    expect(r.allocations[0]).toMatchObject({ namespace: 'web', name: 'nginx', granted: true });
  });
});

describe('CiliumL2AnnouncementPolicy (l2-advertisement-excludes-endpoints for Cilium)', () => {
  const withPolicy = (spec: Record<string, unknown>): ClusterReport => {
    const snap = loadFixtures('lb/cilium.yaml');
    const objects = snap.objects.map((o) => (o.kind === 'CiliumL2AnnouncementPolicy' ? { ...o, spec } : o));
    return analyzeCluster({ ...snap, objects }, { now: NOW });
  };

  it('the fixture policy (every Service, every worker node) raises nothing', () => {
    expect(of(run('lb/cilium.yaml'), 'l2-advertisement-excludes-endpoints')).toEqual([]);
  });

  it('a Service no policy selects is not announced', () => {
    const r = withPolicy({ loadBalancerIPs: true, serviceSelector: { matchLabels: { 'io.kubernetes.service.namespace': 'traefik' } } });
    const f = of(r, 'l2-advertisement-excludes-endpoints');
    expect(f.map((x) => subjectNames(x)[0])).toEqual(['Service apps/whoami', 'Service home/pihole-dns-tcp', 'Service web/site-a', 'Service web/site-b']);
    expect(f[0]?.message).toContain('No CiliumL2AnnouncementPolicy selects apps/whoami');
  });

  it('ETP=Local: a nodeSelector that leaves out every node with a pod', () => {
    const r = withPolicy({ loadBalancerIPs: true, nodeSelector: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s-node2'] }] } });
    const f = of(r, 'l2-advertisement-excludes-endpoints');
    expect(f.map((x) => x.ip)).toEqual(['10.0.20.200', '10.0.20.201', '10.0.20.210']);
    expect(f[0] && subjectNames(f[0])).toEqual(['Service traefik/traefik', 'CiliumL2AnnouncementPolicy default-l2']);
    expect(f[0]?.message).toContain('lets k8s-node2 hold the Lease');
  });
});
