// readCluster and client-node's typed APIs against the lab: every request goes
// through the real @kubernetes/client-node code path.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, DiscoveryV1Api } from '@kubernetes/client-node';
import { KINDS } from '../../lib/model/kube';
import { redactedFingerprint } from './redact-plugin-secrets';
import { startLabServer, type LabServer } from '../../lab/server';
import { FIXTURES } from '../../lab/test-utils';
import { labKubeConfig } from './kubeconfig';
import { readCluster } from './read-cluster';

describe('readCluster against the lab', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
  });
  afterAll(() => lab.close());

  it('reads every kind, as kubectl-shaped raw JSON', async () => {
    const snap = await readCluster(labKubeConfig(lab.url), { source: 'lab' });
    expect(snap.source).toBe('lab');
    expect(snap.gaps).toEqual([]);
    expect(snap.kindsRead).toEqual(KINDS.map((k) => k.kind));
    const kinds = new Set(snap.objects.map((o) => o.kind));
    // The mini scenario is a MetalLB cluster: Cilium's kinds are served (empty) but have no objects.
    for (const k of KINDS) if (k.group !== 'cilium.io') expect(kinds.has(k.kind), k.kind).toBe(true);

    // Plugin secrets in Middlewares are fingerprinted as they are read: the key never enters the snapshot.
    const mw = snap.objects.find((o) => o.kind === 'Middleware');
    expect(JSON.stringify(mw)).not.toContain('40796d93c2958f9e58345514e67740e5');
    expect(mw).toMatchObject({ spec: { plugin: { bouncer: { CrowdsecLapiKey: redactedFingerprint('40796d93c2958f9e58345514e67740e5'), Enabled: 'true' } } } });

    const svc = snap.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'traefik');
    // Built-in list items arrive without kind/apiVersion; readCluster sets them like kubectl -o yaml.
    expect(svc).toMatchObject({ apiVersion: 'v1', kind: 'Service', spec: { externalTrafficPolicy: 'Cluster' } });
    expect(typeof svc?.metadata.creationTimestamp).toBe('string');
    expect(svc?.metadata.creationTimestamp).toBe('2025-01-12T14:00:00Z');
    const slice = snap.objects.find((o) => o.kind === 'EndpointSlice');
    expect(slice?.apiVersion).toBe('discovery.k8s.io/v1');
    const ev = snap.objects.find((o) => o.kind === 'Event' && o.reason === 'nodeAssigned');
    expect(ev?.lastTimestamp).toBe('2025-01-20T09:58:00Z');
    expect(snap.objects.find((o) => o.kind === 'ServiceL2Status')?.apiVersion).toBe('metallb.io/v1beta1');
    // Nothing is deserialized into Date objects.
    expect(JSON.stringify(snap.objects)).toBe(JSON.stringify(JSON.parse(JSON.stringify(snap.objects))));
  });

  it('follows continue tokens page by page', async () => {
    const paged = await readCluster(labKubeConfig(lab.url), { kinds: ['Pod', 'Node'], pageSize: 1 });
    expect(paged.objects.filter((o) => o.kind === 'Pod')).toHaveLength(4);
    expect(paged.objects.filter((o) => o.kind === 'Node')).toHaveLength(3);
    expect(paged.kindsRead).toEqual(['Node', 'Pod']);
  });

  it('client-node typed APIs work against the lab (label selector, pod log tail)', async () => {
    const kc = labKubeConfig(lab.url);
    const slices = await kc.makeApiClient(DiscoveryV1Api).listEndpointSliceForAllNamespaces({ labelSelector: 'kubernetes.io/service-name=traefik' });
    expect(slices.items.map((s) => s.metadata?.name)).toEqual(['traefik-x7k2p']);
    const core = kc.makeApiClient(CoreV1Api);
    const nsSlices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=kubernetes' });
    expect(nsSlices.items).toHaveLength(1);
    const log = await core.readNamespacedPodLog({ name: 'traefik-7d9c8b6f5-abcde', namespace: 'traefik', tailLines: 3 });
    expect(log.trimEnd().split('\n')).toHaveLength(3);
    const events = await core.listEventForAllNamespaces({ fieldSelector: 'reason=nodeAssigned' });
    expect(events.items.map((e) => e.message)).toEqual(['announcing from node "k8s-node1" with protocol "layer2"']);
    // edgelens' role has no `get` on services (it only lists): the enforcing lab says 403, as a cluster would.
    await expect(core.readNamespacedService({ name: 'nope', namespace: 'traefik' })).rejects.toMatchObject({ code: 403 });
  });
});

describe('readCluster gaps', () => {
  it('turns 403 and missing CRDs into gaps with the RBAC rule and a hint', async () => {
    const lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, deny: { ServiceL2Status: 404, L2Advertisement: 403, Event: 403 } });
    try {
      const snap = await readCluster(labKubeConfig(lab.url));
      expect(snap.source).toBe('kube');
      const gaps = Object.fromEntries(snap.gaps.map((g) => [g.kind, g]));
      expect(gaps.L2Advertisement).toMatchObject({
        reason: 'forbidden',
        rbac: 'apiGroups: ["metallb.io"], resources: ["l2advertisements"], verbs: ["list","watch"]',
      });
      expect(gaps.L2Advertisement?.detail).toContain('cannot list resource "l2advertisements"');
      expect(gaps.Event).toMatchObject({ reason: 'forbidden', rbac: 'apiGroups: [""], resources: ["events"], verbs: ["list","watch"]' });
      expect(gaps.ServiceL2Status?.reason).toBe('not-found');
      expect(gaps.ServiceL2Status?.detail).toContain('MetalLB CRDs not installed or older than v0.14.6');
      expect(snap.gaps).toHaveLength(3);
      // The other kinds are still read.
      expect(snap.objects.some((o) => o.kind === 'Service')).toBe(true);
      expect(snap.objects.some((o) => o.kind === 'ServiceL2Status' || o.kind === 'L2Advertisement' || o.kind === 'Event')).toBe(false);
    } finally {
      await lab.close();
    }
  });

  it('reports a refused connection as unreachable for every kind, without throwing', async () => {
    // A port that was just free: nothing listens there any more.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const snap = await readCluster(labKubeConfig(`http://127.0.0.1:${port}`), { timeoutMs: 5000 });
    expect(snap.objects).toEqual([]);
    expect(snap.gaps).toHaveLength(KINDS.length);
    for (const g of snap.gaps) {
      expect(g.reason).toBe('unreachable');
      expect(g.detail).toContain('connection refused');
      expect(g.detail).toContain('ECONNREFUSED');
    }
  });

  it('reports a server that never answers as unreachable after the deadline', async () => {
    const hanging: Server = createServer(() => {
      /* never respond */
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    try {
      const port = (hanging.address() as AddressInfo).port;
      const snap = await readCluster(labKubeConfig(`http://127.0.0.1:${port}`), { kinds: ['Service', 'Node'], timeoutMs: 300 });
      expect(snap.gaps.map((g) => g.reason)).toEqual(['unreachable', 'unreachable']);
      expect(snap.gaps[0]?.detail).toContain('within 300 ms');
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    }
  });

  it('rejects when the caller aborts', async () => {
    const lab = await startLabServer({ objects: [] });
    try {
      const ac = new AbortController();
      ac.abort(new Error('stop'));
      await expect(readCluster(labKubeConfig(lab.url), { signal: ac.signal })).rejects.toThrow('stop');
    } finally {
      await lab.close();
    }
  });
});
