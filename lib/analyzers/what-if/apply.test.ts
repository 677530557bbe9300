import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../model/cluster';
import { kubeObjectSchema, type KubeObject } from '../../model/kube';
import { NOW, loadLabScenario } from '../__fixtures__/load';
import { analyzeCluster } from '../analyze-cluster';
import { applyWhatIf } from './apply';
import { WhatIfError, parseWhatIfChange } from './parse-change';

const here = fileURLToPath(new URL('.', import.meta.url));

function loadEdge(): ClusterSnapshot {
  const file = join(here, '__fixtures__', 'edge.yaml');
  const docs = loadAll(readFileSync(file, 'utf8'), null, { schema: CORE_SCHEMA });
  if (docs.length !== 1) throw new Error(`${file}: expected one List document`);
  const list: unknown = docs[0];
  const items = typeof list === 'object' && list !== null && 'items' in list && Array.isArray(list.items) ? list.items : null;
  if (!items) throw new Error(`${file}: not a List`);
  return { source: 'snapshot', gaps: [], objects: items.map((i: unknown) => kubeObjectSchema.parse(i) && (i as KubeObject)) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const apply = (snapshot: ClusterSnapshot, ...changes: string[]) => applyWhatIf(snapshot, changes.map(parseWhatIfChange), { now: NOW });

interface RawService {
  metadata: { annotations: Record<string, string | undefined> };
  spec: { externalTrafficPolicy?: string };
  status: { loadBalancer: { ingress?: unknown } };
}
interface RawEvent {
  type?: string;
  message?: string;
  source: { component?: string };
}

function service(s: ClusterSnapshot, ns: string, name: string): RawService {
  const o = s.objects.find((x) => x.kind === 'Service' && x.metadata.namespace === ns && x.metadata.name === name);
  if (!o) throw new Error(`no Service ${ns}/${name}`);
  return o as unknown as RawService;
}
function l2StatusNodes(s: ClusterSnapshot, ns: string, name: string): string[] {
  return s.objects
    .filter((o) => o.kind === 'ServiceL2Status' && o.metadata.labels?.['metallb.io/service-name'] === name && o.metadata.labels['metallb.io/service-namespace'] === ns)
    .map((o) => String((o as { status?: { node?: string } }).status?.node));
}
function events(s: ClusterSnapshot, name: string, reason: string): RawEvent[] {
  return s.objects.filter((o) => o.kind === 'Event' && (o as { reason?: string }).reason === reason && (o as { involvedObject?: { name?: string } }).involvedObject?.name === name) as unknown as RawEvent[];
}

describe('applyWhatIf: granted', () => {
  it('moves a Service to a free IP with ETP=Local the way MetalLB would', () => {
    const { snapshot, allocations } = apply(loadEdge(), 'web/proxy:etp=Local,ip=10.0.40.17');
    const svc = service(snapshot, 'web', 'proxy');
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.status.loadBalancer.ingress).toEqual([{ ip: '10.0.40.17', ipMode: 'VIP' }]);
    // metallb.io/ written, the legacy key of the changed setting removed; the untouched legacy sharing key stays.
    expect(svc.metadata.annotations['metallb.io/loadBalancerIPs']).toBe('10.0.40.17');
    expect(svc.metadata.annotations['metallb.universe.tf/loadBalancerIPs']).toBeUndefined();
    expect(svc.metadata.annotations['metallb.universe.tf/allow-shared-ip']).toBe('edge');
    expect(svc.metadata.annotations['metallb.io/ip-allocated-from-pool']).toBe('lan');
    // ETP=Local: elected among nodes with a ready endpoint (node1, node2), MetalLB's hash picks node2 for .17.
    expect(l2StatusNodes(snapshot, 'web', 'proxy')).toEqual(['node2']);
    expect(allocations).toEqual([
      expect.objectContaining({ namespace: 'web', name: 'proxy', changed: true, granted: true, ips: ['10.0.40.17'], previousIps: ['10.0.40.10'], announcer: 'node2', candidates: ['node1', 'node2'] }),
    ]);
    expect(events(snapshot, 'proxy', 'IPAllocated').map((e) => e.message)).toEqual(['Assigned IP ["10.0.40.17"]']);
  });

  it('never elects a node whose pod is not ready or that is excluded from load balancers', () => {
    // For 10.0.40.14 the hash ranks node3 first; its pod is not ready and it is excluded: node1 wins.
    const { allocations, snapshot } = apply(loadEdge(), 'web/proxy:etp=Local,ip=10.0.40.14');
    expect(allocations[0]?.announcer).toBe('node1');
    const report = analyzeCluster(snapshot, { now: NOW });
    expect(report.loadBalancers.find((lb) => lb.ip === '10.0.40.14')?.announcer).toEqual({ node: 'node1', source: 'ServiceL2Status' });
  });

  it('an ETP=Cluster Service joining a shared IP takes that IP’s announcer', () => {
    const { allocations } = apply(loadEdge(), 'web/proxy:ip=10.0.40.11');
    expect(allocations[0]).toMatchObject({ granted: true, ips: ['10.0.40.11'], announcer: 'node1' });
  });

  it('reproduces the lab’s real cutover: Traefik on 10.0.20.203 with ETP=Local is announced from k8s-node4', () => {
    const { snapshot, allocations } = apply(loadLabScenario('homelab-before'), 'traefik/traefik:etp=Local,ip=10.0.20.203');
    expect(allocations[0]).toMatchObject({ granted: true, announcer: 'k8s-node4', candidates: ['k8s-node2', 'k8s-node4', 'k8s-node5'] });
    const predicted = analyzeCluster(snapshot, { now: NOW }).loadBalancers.find((lb) => lb.ip === '10.0.20.203');
    const real = analyzeCluster(loadLabScenario('homelab-after'), { now: NOW }).loadBalancers.find((lb) => lb.ip === '10.0.20.203');
    expect(predicted?.announcer).toEqual(real?.announcer);
    expect(predicted?.services.map((s) => [s.name, s.externalTrafficPolicy, s.state])).toEqual(real?.services.map((s) => [s.name, s.externalTrafficPolicy, s.state]));
  });

  it('says who announces with a nodeAssigned event when the cluster has no ServiceL2Status (MetalLB < 0.14.6)', () => {
    const edge = loadEdge();
    const older: ClusterSnapshot = { ...edge, objects: edge.objects.filter((o) => o.kind !== 'ServiceL2Status') };
    const { snapshot } = apply(older, 'web/proxy:etp=Local,ip=10.0.40.17');
    expect(events(snapshot, 'proxy', 'nodeAssigned').map((e) => e.message)).toEqual(['announcing from node "node2" with protocol "layer2"']);
    const lb = analyzeCluster(snapshot, { now: NOW }).loadBalancers.find((l) => l.ip === '10.0.40.17');
    expect(lb?.announcer).toEqual({ node: 'node2', source: 'event' });
  });
});

describe('applyWhatIf: refused', () => {
  const refusal = (snapshot: ClusterSnapshot, ns: string, name: string) => ({
    ingress: service(snapshot, ns, name).status.loadBalancer.ingress,
    failed: events(snapshot, name, 'AllocationFailed').map((e) => ({ type: e.type, message: e.message, component: e.source.component })),
    announcedBy: l2StatusNodes(snapshot, ns, name),
  });

  it('ETP=Local in place on a shared ETP=Cluster IP: MetalLB’s sharing-key refusal, no IP, no announcer', () => {
    const { snapshot, allocations } = apply(loadEdge(), 'web/proxy:etp=Local');
    expect(refusal(snapshot, 'web', 'proxy')).toEqual({
      ingress: undefined,
      failed: [{ type: 'Warning', message: 'Failed to allocate IP for "web/proxy": can\'t change sharing key for "web/proxy", address also in use by git/ssh', component: 'metallb-controller' }],
      announcedBy: [],
    });
    expect(allocations[0]).toMatchObject({ granted: false, ips: [], message: 'can\'t change sharing key for "web/proxy", address also in use by git/ssh' });
    expect(events(snapshot, 'proxy', 'ClearAssignment')).toHaveLength(1);
  });

  it('writes the same message MetalLB wrote in the shared-ip-conflict scenario', () => {
    const { snapshot } = apply(loadLabScenario('homelab-before'), 'traefik/traefik:etp=Local');
    const predicted = events(snapshot, 'traefik', 'AllocationFailed')[0]?.message ?? '';
    const real = events(loadLabScenario('shared-ip-conflict'), 'traefik', 'AllocationFailed')[0]?.message ?? '';
    expect(real).toContain('address also in use by');
    // Same wording; MetalLB lists the other Services in map order, edgelens sorts them.
    const parts = (m: string) => {
      const [head, others] = m.replace(/\s+/g, ' ').split('address also in use by ');
      return { head, others: (others ?? '').split(',').sort() };
    };
    expect(parts(predicted)).toEqual(parts(real));
  });

  it('a port another Service on the IP already uses', () => {
    const { snapshot } = apply(loadEdge(), 'backup/sftp:ip=10.0.40.10');
    expect(refusal(snapshot, 'backup', 'sftp').failed[0]?.message).toBe('Failed to allocate IP for "backup/sftp": port TCP/22 is already in use on "10.0.40.10"');
    expect(analyzeCluster(snapshot, { now: NOW }).findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['shared-ip-port-conflict', 'allocation-failed']));
  });

  it('an IP outside every pool', () => {
    const { snapshot } = apply(loadEdge(), 'git/ssh:ip=10.0.50.1');
    expect(refusal(snapshot, 'git', 'ssh').failed[0]?.message).toBe('Failed to allocate IP for "git/ssh": "10.0.50.1" is not allowed in config');
  });

  it('key= removes the sharing key: the shared IP is refused', () => {
    const { snapshot } = apply(loadEdge(), 'git/ssh:key=');
    const svc = service(snapshot, 'git', 'ssh');
    expect(svc.metadata.annotations['metallb.io/allow-shared-ip']).toBeUndefined();
    expect(refusal(snapshot, 'git', 'ssh').failed[0]?.message).toBe('Failed to allocate IP for "git/ssh": can\'t change sharing key for "git/ssh", address also in use by web/proxy');
    expect(analyzeCluster(snapshot, { now: NOW }).findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['shared-ip-key-mismatch', 'allocation-failed']));
  });
});

describe('applyWhatIf: MetalLB retries', () => {
  it('grants a Service refused earlier in the same what-if once its blocker has moved (order does not matter)', () => {
    const { allocations } = apply(loadEdge(), 'backup/sftp:ip=10.0.40.10', 'git/ssh:ip=10.0.40.12');
    expect(allocations.map((a) => [`${a.namespace}/${a.name}`, a.granted, a.ips])).toEqual([
      ['backup/sftp', true, ['10.0.40.10']],
      ['git/ssh', true, ['10.0.40.12']],
    ]);
  });

  it('grants an untouched Service MetalLB had refused when the change unblocks it', () => {
    const refused = apply(loadEdge(), 'web/proxy:etp=Local').snapshot; // proxy now has an AllocationFailed event
    const { snapshot, allocations } = apply(refused, 'git/ssh:ip=10.0.40.12');
    expect(allocations.find((a) => a.name === 'proxy')).toMatchObject({ changed: false, granted: true, ips: ['10.0.40.10'] });
    expect(events(snapshot, 'proxy', 'AllocationFailed')).toEqual([]);
    expect(analyzeCluster(snapshot, { now: NOW }).findings.map((f) => f.rule)).not.toContain('allocation-failed');
  });
});

describe('applyWhatIf: input and errors', () => {
  it('never modifies the input snapshot', () => {
    const input = loadEdge();
    const before = JSON.stringify(input);
    deepFreeze(input); // any write to it throws (ES modules are strict)
    for (const c of ['web/proxy:etp=Local,ip=10.0.40.17', 'web/proxy:etp=Local', 'git/ssh:key=', 'backup/sftp:ip=10.0.40.10']) {
      expect(() => apply(input, c)).not.toThrow();
    }
    expect(JSON.stringify(input)).toBe(before);
  });

  it('a Service the snapshot does not have, or one that is not a LoadBalancer, is a WhatIfError', () => {
    expect(() => apply(loadEdge(), 'web/nope:etp=Local')).toThrow(new WhatIfError('what-if: Service web/nope is not in the snapshot'));
    expect(() => apply(loadEdge(), 'default/kubernetes:etp=Local')).toThrow(/ClusterIP Service, not a LoadBalancer/);
  });
});
