// edgelens' ClusterRole (deploy/kustomize/base/clusterrole.yaml) is least privilege, and the
// lab enforces it: these tests fail if the role grows a write verb, touches Secrets, or grants
// something edgelens never calls — and the rest of the suite fails if it lacks something.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../lib/model/kube';
import { readCluster } from '../probes/kube/read-cluster';
import { labKubeConfig } from '../probes/kube/kubeconfig';
import { loadEdgelensRole, parseClusterRole, rbacAllows, type PolicyRule } from './rbac';
import { startLabServer, type LabServer } from './server';
import { FIXTURES } from './test-utils';

/**
 * Every API call edgelens makes: list + watch of each kind it reads (probes/kube/read-cluster.ts,
 * watch-changes.ts) and get on pods/log (probes/podlogs). A probe that calls something new adds
 * it here and to the ClusterRole, together.
 */
const EDGELENS_CALLS: Array<{ group: string; resource: string; verb: string }> = [
  ...KINDS.flatMap((k) => ['list', 'watch'].map((verb) => ({ group: k.group, resource: k.plural, verb }))),
  { group: '', resource: 'pods/log', verb: 'get' },
];

const key = (c: { group: string; resource: string; verb: string }) => `${c.group}|${c.resource}|${c.verb}`;

function granted(rules: readonly PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.add(key({ group: g, resource: res, verb: v }));
  return out;
}

describe("edgelens' ClusterRole", () => {
  const rules = loadEdgelensRole();

  it('grants no write verb and no wildcard', () => {
    for (const r of rules) {
      for (const v of r.verbs) expect(['get', 'list', 'watch'], `verb ${v}`).toContain(v);
      expect(r.apiGroups).not.toContain('*');
      expect(r.resources.some((x) => x.includes('*'))).toBe(false);
    }
    for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'escalate', 'bind']) {
      for (const c of EDGELENS_CALLS) expect(rbacAllows(rules, { ...c, verb })).toBe(false);
    }
  });

  it('grants nothing on Secrets', () => {
    for (const verb of ['get', 'list', 'watch']) expect(rbacAllows(rules, { verb, group: '', resource: 'secrets' })).toBe(false);
    expect(rules.some((r) => r.resources.includes('secrets'))).toBe(false);
  });

  it('grants exactly what edgelens calls, nothing more', () => {
    expect([...granted(rules)].sort()).toEqual([...new Set(EDGELENS_CALLS.map(key))].sort());
  });

  it('refuses a malformed role instead of allowing everything', () => {
    expect(() => parseClusterRole('kind: ClusterRole\nrules: [{apiGroups: [""], verbs: [get]}]')).toThrow(/needs apiGroups, resources and verbs/);
    expect(() => parseClusterRole('kind: Role\nrules: []')).toThrow(/not a ClusterRole/);
  });

  it('follows Kubernetes RBAC semantics for wildcards, subresources and resourceNames', () => {
    const r: PolicyRule[] = [
      { apiGroups: [''], resources: ['pods/*'], verbs: ['get'] },
      { apiGroups: ['*'], resources: ['configmaps'], verbs: ['*'], resourceNames: ['one'] },
    ];
    expect(rbacAllows(r, { verb: 'get', group: '', resource: 'pods/log' })).toBe(true);
    expect(rbacAllows(r, { verb: 'get', group: '', resource: 'pods' })).toBe(false);
    expect(rbacAllows(r, { verb: 'get', group: 'x', resource: 'configmaps', name: 'one' })).toBe(true);
    expect(rbacAllows(r, { verb: 'list', group: 'x', resource: 'configmaps' })).toBe(false);
  });
});

describe('the lab enforces the role by default', () => {
  let lab: LabServer;
  beforeAll(async () => {
    lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
  });
  afterAll(() => lab.close());

  const status = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${lab.url}${path}`, init);
    return { code: res.status, body: (await res.json()) as { kind?: string; reason?: string; message?: string } };
  };

  it('answers what edgelens calls', async () => {
    expect((await status('/api/v1/services')).code).toBe(200);
    expect((await status('/apis/metallb.io/v1beta1/namespaces/metallb-system/ipaddresspools')).code).toBe(200);
    const log = await fetch(`${lab.url}/api/v1/namespaces/traefik/pods/traefik-7d9c8b6f5-abcde/log?tailLines=2`);
    expect(log.status).toBe(200);
    // Discovery is open to every authenticated user in a real cluster (system:discovery).
    expect((await status('/apis')).code).toBe(200);
  });

  it('answers a Kubernetes 403 Status to anything else, naming verb and resource', async () => {
    const ns = await status('/api/v1/namespaces');
    expect(ns.code).toBe(403);
    expect(ns.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    expect(ns.body.message).toBe('namespaces is forbidden: User "system:serviceaccount:edgelens:edgelens" cannot list resource "namespaces" in API group "" at the cluster scope');
    const get = await status('/api/v1/namespaces/traefik/services/traefik');
    expect(get.body.message).toContain('cannot get resource "services" in API group "" in the namespace "traefik"');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const w = await status('/api/v1/namespaces/traefik/services/traefik', { method, body: method === 'DELETE' ? undefined : '{}' });
      expect(w.code, method).toBe(403);
      expect(w.body.reason).toBe('Forbidden');
    }
  });

  it('a kind the role does not grant stays a gap naming the missing rule', async () => {
    const withoutMetallb = loadEdgelensRole().filter((r) => !r.apiGroups.includes('metallb.io'));
    const narrow = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES, rbac: withoutMetallb });
    try {
      const snap = await readCluster(labKubeConfig(narrow.url), { kinds: ['Service', 'IPAddressPool'] });
      expect(snap.gaps).toEqual([
        expect.objectContaining({ kind: 'IPAddressPool', reason: 'forbidden', rbac: 'apiGroups: ["metallb.io"], resources: ["ipaddresspools"], verbs: ["list","watch"]' }),
      ]);
      expect(snap.objects.some((o) => o.kind === 'Service')).toBe(true);
    } finally {
      await narrow.close();
    }
  });
});
