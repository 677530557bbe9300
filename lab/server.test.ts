import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import { CORE_SCHEMA, load } from 'js-yaml';

const parse = (text: string): unknown => load(text, { schema: CORE_SCHEMA });
import type { KubeObject } from '../lib/model/kube';
import { loadScenario } from './scenarios';
import { startLabServer, type LabServer } from './server';
import { FIXTURES, nextEvent, openLines } from './test-utils';

const NOW = new Date('2025-01-20T10:00:00Z');

interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: { kind?: string; apiVersion?: string; metadata: { name: string; namespace?: string; resourceVersion?: string } }[];
}
interface StatusBody {
  kind: string;
  status: string;
  reason: string;
  code: number;
  message: string;
}

async function getJson<T>(lab: LabServer, path: string, init?: RequestInit): Promise<{ status: number; body: T; contentType: string | null }> {
  const res = await fetch(`${lab.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as T, contentType: res.headers.get('content-type') };
}
const names = (l: ListBody) => l.items.map((i) => i.metadata.name);

describe('lab API server: read paths', () => {
  let lab: LabServer;
  beforeAll(async () => {
    // The lab's own API semantics (named gets, namespaces, write verbs) go beyond edgelens' role,
    // so this block alone serves without RBAC; lab/rbac.test.ts covers the enforcing default.
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, now: () => NOW, rbac: false });
  });
  afterAll(() => lab.close());

  it('serves legacy discovery, also when asked for aggregated discovery', async () => {
    const aggregated = { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' };
    const api = await getJson<{ kind: string; versions: string[] }>(lab, '/api', { headers: aggregated });
    expect(api.contentType).toBe('application/json');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await getJson<{ kind: string; groups: { name: string; preferredVersion: { groupVersion: string } }[] }>(lab, '/apis', { headers: aggregated });
    expect(apis.body.kind).toBe('APIGroupList');
    expect(apis.body.groups.map((g) => g.preferredVersion.groupVersion).sort()).toEqual(['apps/v1', 'cilium.io/v2alpha1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'metallb.io/v1beta1', 'traefik.containo.us/v1alpha1', 'traefik.io/v1alpha1']);

    const core = await getJson<{ groupVersion: string; resources: { name: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[] }[] }>(
      lab,
      '/api/v1',
    );
    const byName = new Map(core.body.resources.map((r) => [r.name, r]));
    expect(byName.get('services')).toMatchObject({ namespaced: true, kind: 'Service', shortNames: ['svc'] });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, kind: 'Node', shortNames: ['no'] });
    expect(byName.get('namespaces')?.namespaced).toBe(false);
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    for (const r of ['pods', 'events', 'configmaps', 'endpoints']) expect(byName.has(r)).toBe(true);

    const metallb = await getJson<{ resources: { name: string }[] }>(lab, '/apis/metallb.io/v1beta1');
    expect(metallb.body.resources.map((r) => r.name).sort()).toEqual(['ipaddresspools', 'l2advertisements', 'servicel2statuses']);
    expect((await getJson<{ gitVersion: string }>(lab, '/version')).body.gitVersion).toMatch(/^v1\.32/);
  });

  it('answers OpenAPI and unknown paths with a 404 Status', async () => {
    for (const p of ['/openapi/v2', '/openapi/v3', '/apis/example.com/v1alpha1', '/api/v2/pods', '/api/v1/widgets']) {
      const r = await getJson<StatusBody>(lab, p);
      expect(r.status, p).toBe(404);
      expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
    }
  });

  it('lists across all namespaces and in one namespace, with kind/apiVersion on the List', async () => {
    const all = await getJson<ListBody>(lab, '/api/v1/services');
    expect(all.body).toMatchObject({ kind: 'ServiceList', apiVersion: 'v1' });
    expect(names(all.body)).toEqual(['kubernetes', 'traefik']);
    expect(Number(all.body.metadata.resourceVersion)).toBeGreaterThan(0);
    // Like kube-apiserver: built-in list items carry no kind/apiVersion, custom resources do.
    expect(all.body.items[0]?.kind).toBeUndefined();
    const one = await getJson<ListBody>(lab, '/api/v1/namespaces/traefik/services');
    expect(names(one.body)).toEqual(['traefik']);
    const l2 = await getJson<ListBody>(lab, '/apis/metallb.io/v1beta1/servicel2statuses');
    expect(l2.body).toMatchObject({ kind: 'ServiceL2StatusList', apiVersion: 'metallb.io/v1beta1' });
    expect(l2.body.items[0]).toMatchObject({ kind: 'ServiceL2Status', apiVersion: 'metallb.io/v1beta1', metadata: { name: 'l2-5b7kq' } });
    const ns = await getJson<ListBody>(lab, '/api/v1/namespaces');
    expect(names(ns.body)).toEqual(expect.arrayContaining(['apps', 'default', 'kube-system', 'metallb-system', 'traefik']));
  });

  it('filters by label selector', async () => {
    const q = encodeURIComponent('kubernetes.io/service-name=traefik');
    const r = await getJson<ListBody>(lab, `/apis/discovery.k8s.io/v1/endpointslices?labelSelector=${q}`);
    expect(names(r.body)).toEqual(['traefik-x7k2p']);
    const not = await getJson<ListBody>(lab, `/apis/discovery.k8s.io/v1/endpointslices?labelSelector=${encodeURIComponent('kubernetes.io/service-name!=traefik')}`);
    expect(names(not.body)).toEqual(['kubernetes']);
    const exists = await getJson<ListBody>(lab, `/api/v1/nodes?labelSelector=${encodeURIComponent('node-role.kubernetes.io/control-plane')}`);
    expect(names(exists.body)).toEqual(['k8s-node1']);
    const bad = await getJson<StatusBody>(lab, `/api/v1/nodes?labelSelector=${encodeURIComponent('a=b=c')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
  });

  it('filters by field selector and rejects unsupported fields with 400', async () => {
    const ev = await getJson<ListBody>(lab, '/api/v1/events?fieldSelector=reason%3DnodeAssigned');
    expect(names(ev.body)).toEqual(['traefik.181c2f3a9d2e4b01']);
    const inv = await getJson<ListBody>(lab, '/api/v1/namespaces/traefik/events?fieldSelector=involvedObject.name%3Dtraefik,involvedObject.kind%3DService');
    expect(inv.body.items).toHaveLength(2);
    const onNode = await getJson<ListBody>(lab, '/api/v1/pods?fieldSelector=spec.nodeName%3Dk8s-node2');
    expect(names(onNode.body)).toEqual(['photos-0', 'traefik-7d9c8b6f5-abcde']);
    const byName = await getJson<ListBody>(lab, '/api/v1/pods?fieldSelector=metadata.name%3Dphotos-0,metadata.namespace%3Dapps');
    expect(names(byName.body)).toEqual(['photos-0']);
    const bad = await getJson<StatusBody>(lab, '/api/v1/services?fieldSelector=spec.type%3DLoadBalancer');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400, message: 'field label not supported: spec.type' });
  });

  it('pages with limit and continue', async () => {
    const first = await getJson<ListBody>(lab, '/api/v1/pods?limit=3');
    expect(first.body.items).toHaveLength(3);
    expect(first.body.metadata.remainingItemCount).toBe(1);
    const token = first.body.metadata.continue ?? '';
    expect(token).not.toBe('');
    const second = await getJson<ListBody>(lab, `/api/v1/pods?limit=3&continue=${encodeURIComponent(token)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.metadata.continue).toBeUndefined();
  });

  it('gets single objects, and 404s like the API server', async () => {
    const svc = await getJson<KubeObject>(lab, '/api/v1/namespaces/traefik/services/traefik');
    expect(svc.body).toMatchObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'traefik', namespace: 'traefik' } });
    expect(svc.body.metadata.uid).toBeTruthy();
    const node = await getJson<KubeObject>(lab, '/api/v1/nodes/k8s-node2');
    expect(node.body.metadata.name).toBe('k8s-node2');
    const ns = await getJson<KubeObject>(lab, '/api/v1/namespaces/traefik');
    expect(ns.body.kind).toBe('Namespace');
    const missing = await getJson<StatusBody>(lab, '/api/v1/namespaces/traefik/services/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'services "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'services' },
      code: 404,
    });
    const crd = await getJson<StatusBody>(lab, '/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools/nope');
    expect(crd.body.message).toBe('ipaddresspools.metallb.io "nope" not found');
  });

  it('refuses every write verb with 405 (without RBAC; with it, 403 comes first)', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await getJson<StatusBody>(lab, '/api/v1/namespaces/traefik/services/traefik', { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(r.status, method).toBe(405);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed', code: 405 });
    }
  });

  it('renders a Table when kubectl asks for server-side printing', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const t = await getJson<{ kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[]; object: { metadata: { namespace?: string } } }[] }>(
      lab,
      '/api/v1/services',
      { headers: { accept } },
    );
    expect(t.body.kind).toBe('Table');
    expect(t.body.columnDefinitions.map((c) => c.name).slice(0, 6)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    expect(t.body.rows[1]?.cells.slice(0, 5)).toEqual(['traefik', 'LoadBalancer', '10.43.10.10', '10.0.20.200', '443:30443/TCP,443:30443/UDP']);
    expect(t.body.rows[1]?.object.metadata.namespace).toBe('traefik');
  });

  it('writes a kubeconfig for the edgelens-lab context', () => {
    const kc = parse(lab.kubeconfig()) as { 'current-context': string; clusters: { cluster: { server: string } }[] };
    expect(kc['current-context']).toBe('edgelens-lab');
    expect(kc.clusters[0]?.cluster.server).toBe(lab.url);
    expect(lab.scenario).toBe('mini-before');
    expect(lab.scenarios).toEqual(['mini-after', 'mini-before']);
  });
});

describe('lab API server: pod logs', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, now: () => NOW, followIntervalMs: 50 });
  });
  afterAll(() => lab.close());
  const logPath = '/api/v1/namespaces/traefik/pods/traefik-7d9c8b6f5-abcde/log';
  const text = async (path: string) => {
    const res = await fetch(`${lab.url}${path}`);
    return { status: res.status, text: await res.text() };
  };

  it('returns the whole generated log as text', async () => {
    const r = await text(logPath);
    expect(r.status).toBe(200);
    const lines = r.text.trimEnd().split('\n');
    expect(lines).toHaveLength(600);
    const hosts = lines.filter((l) => l.startsWith('{"ClientAddr"')).map((l) => String((JSON.parse(l) as { ClientHost: string }).ClientHost));
    // SNAT pods see the scenario's node InternalIPs.
    expect(hosts.filter((h) => /^10\.0\.20\.10[1-3]$/.test(h)).length / hosts.length).toBeGreaterThan(0.9);
  });

  it('honours tailLines, sinceSeconds, limitBytes and timestamps', async () => {
    const tail = await text(`${logPath}?tailLines=5`);
    expect(tail.text.trimEnd().split('\n')).toHaveLength(5);
    const full = (await text(logPath)).text.trimEnd().split('\n');
    expect(tail.text.trimEnd().split('\n')).toEqual(full.slice(-5));

    const recent = (await text(`${logPath}?sinceSeconds=60`)).text.trimEnd().split('\n');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(full.length / 10);
    for (const l of recent.filter((x) => x.startsWith('{"ClientAddr"'))) {
      expect(Date.parse((JSON.parse(l) as { time: string }).time)).toBeGreaterThanOrEqual(NOW.getTime() - 61_000);
    }
    expect(Buffer.byteLength((await text(`${logPath}?limitBytes=100`)).text)).toBe(100);
    const stamped = (await text(`${logPath}?tailLines=2&timestamps=true`)).text.trimEnd().split('\n');
    for (const l of stamped) expect(l).toMatch(/^2025-01-20T\d\d:\d\d:\d\d(\.\d+)?Z \{/);
  });

  it('validates the container and parameters like the API server', async () => {
    const multi = await text('/api/v1/namespaces/apps/pods/photos-0/log');
    expect(multi.status).toBe(400);
    expect(multi.text).toContain('a container name must be specified for pod photos-0, choose one of: [server backup-sidecar]');
    expect((await text('/api/v1/namespaces/apps/pods/photos-0/log?container=server')).status).toBe(200);
    expect((await text(`${logPath}?container=nope`)).status).toBe(400);
    expect((await text(`${logPath}?tailLines=-1`)).status).toBe(400);
    expect((await text(`${logPath}?sinceSeconds=10&sinceTime=2025-01-20T09:00:00Z`)).status).toBe(400);
    const missing = await text('/api/v1/namespaces/traefik/pods/nope/log');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('keeps a follow stream open and appends lines', async () => {
    const s = await openLines(`${lab.url}${logPath}?tailLines=1&follow=true`);
    try {
      const first = await s.next();
      const appended = [await s.next(), await s.next()];
      expect(first).not.toEqual(appended[0]);
      for (const l of appended) expect(JSON.parse(l)).toMatchObject({ entryPointName: 'websecure', time: '2025-01-20T10:00:00Z' });
    } finally {
      s.close();
    }
  });
});

describe('lab API server: watch', () => {
  let lab: LabServer;
  beforeEach(async () => {
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, now: () => NOW });
  });
  afterEach(() => lab.close());

  it('sends ADDED for current objects, then the diff of a scenario switch', async () => {
    const s = await openLines(`${lab.url}/api/v1/namespaces/traefik/events?watch=true`);
    try {
      expect(s.status).toBe(200);
      const initial = [await nextEvent(s), await nextEvent(s)];
      expect(initial.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
      expect(initial[0]?.object.kind).toBe('Event');
      const rvBefore = Number(initial[1]?.object.metadata?.resourceVersion);

      lab.switchScenario('mini-after');
      expect(lab.scenario).toBe('mini-after');
      const changes = [await nextEvent(s), await nextEvent(s)];
      expect(changes.map((e) => `${e.type} ${e.object.metadata?.name}`).sort()).toEqual(['ADDED traefik.181c2f3a9d2e4c77', 'DELETED traefik.181c2f3a9d2e4b01']);
      for (const c of changes) expect(Number(c.object.metadata?.resourceVersion)).toBeGreaterThan(rvBefore);
    } finally {
      s.close();
    }
  });

  it('sends MODIFIED for changed objects and nothing for unchanged ones', async () => {
    const s = await openLines(`${lab.url}/api/v1/services?watch=1`);
    try {
      const added = [await nextEvent(s), await nextEvent(s)];
      expect(added.map((e) => e.object.metadata?.name)).toEqual(['kubernetes', 'traefik']);
      lab.switchScenario('mini-after');
      const mod = await nextEvent(s);
      expect(mod).toMatchObject({ type: 'MODIFIED', object: { kind: 'Service', metadata: { name: 'traefik' }, spec: { externalTrafficPolicy: 'Local' } } });
      await expect(s.next(300)).rejects.toThrow(/no line/);
    } finally {
      s.close();
    }
  });

  it('starts after a given resourceVersion, replaying later changes, and answers 410 for expired ones', async () => {
    const list = await getJson<ListBody>(lab, '/apis/metallb.io/v1beta1/servicel2statuses');
    lab.switchScenario('mini-after');
    const s = await openLines(`${lab.url}/apis/metallb.io/v1beta1/servicel2statuses?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    try {
      const ev = await nextEvent(s);
      expect(ev).toMatchObject({ type: 'MODIFIED', object: { status: { node: 'k8s-node2' } } });
    } finally {
      s.close();
    }
    const old = await openLines(`${lab.url}/apis/metallb.io/v1beta1/servicel2statuses?watch=true&resourceVersion=1`);
    const err = await nextEvent(old);
    expect(err).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    await old.ended;
  });

  it('applies selectors to watches: objects entering or leaving the selector are ADDED/DELETED', async () => {
    const s = await openLines(`${lab.url}/apis/metallb.io/v1beta1/servicel2statuses?watch=true&labelSelector=${encodeURIComponent('metallb.io/node=k8s-node1')}`);
    try {
      expect((await nextEvent(s)).type).toBe('ADDED');
      lab.switchScenario('mini-after');
      expect(await nextEvent(s)).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'l2-5b7kq' } } });
    } finally {
      s.close();
    }
  });

  it('reports setObjects changes and ends watches after timeoutSeconds', async () => {
    const s = await openLines(`${lab.url}/api/v1/configmaps?watch=true&timeoutSeconds=1`);
    const initial = await nextEvent(s);
    expect(initial.type).toBe('ADDED');
    const objs = loadScenario('mini-before', FIXTURES).filter((o) => o.kind !== 'ConfigMap');
    lab.setObjects(objs);
    expect(await nextEvent(s)).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'traefik-config' } } });
    await s.ended;
  });

  it('ends open watches when the server closes', async () => {
    const s = await openLines(`${lab.url}/api/v1/nodes?watch=true`);
    await nextEvent(s);
    await lab.close();
    await s.ended;
    lab = await startLabServer({ objects: [] });
  });
});

describe('lab API server: deny', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, deny: { ServiceL2Status: 404, Pod: 403 } });
  });
  afterAll(() => lab.close());

  it('answers 403 Forbidden like RBAC would, on list, get and watch', async () => {
    const list = await getJson<StatusBody>(lab, '/api/v1/pods');
    expect(list.status).toBe(403);
    expect(list.body.reason).toBe('Forbidden');
    expect(list.body.message).toContain('cannot list resource "pods" in API group "" at the cluster scope');
    expect((await getJson<StatusBody>(lab, '/api/v1/namespaces/traefik/pods/traefik-7d9c8b6f5-abcde')).status).toBe(403);
    expect((await getJson<StatusBody>(lab, '/api/v1/pods?watch=true')).status).toBe(403);
  });

  it('hides a 404-denied kind from discovery, like a missing CRD', async () => {
    expect((await getJson<StatusBody>(lab, '/apis/metallb.io/v1beta1/servicel2statuses')).status).toBe(404);
    const rl = await getJson<{ resources: { name: string }[] }>(lab, '/apis/metallb.io/v1beta1');
    expect(rl.body.resources.map((r) => r.name)).not.toContain('servicel2statuses');
    expect((await getJson<ListBody>(lab, '/apis/metallb.io/v1beta1/ipaddresspools')).status).toBe(200);
  });
});
