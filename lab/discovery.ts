// Legacy (non-aggregated) discovery documents. kubectl 1.32 asks for aggregated
// discovery first (Accept: …as=APIGroupDiscoveryList…); answering these plain
// documents with Content-Type application/json makes client-go fall back to the
// legacy /api, /apis, /apis/{g}/{v} walk, which the lab serves.
import { groupVersionOf, type ResourceInfo } from './resources';

export const LAB_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+edgelens-lab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const VERBS = ['get', 'list', 'watch'];

export function apiVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

interface GroupEntry {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion: { groupVersion: string; version: string };
}

function groups(registry: readonly ResourceInfo[]): GroupEntry[] {
  const byGroup = new Map<string, string[]>();
  for (const r of registry) {
    if (r.group === '') continue;
    const versions = byGroup.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    byGroup.set(r.group, versions);
  }
  return [...byGroup.entries()].map(([name, versions]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] ?? { groupVersion: `${name}/v1`, version: 'v1' } };
  });
}

export function apiGroupList(registry: readonly ResourceInfo[]): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups(registry) };
}

export function apiGroup(registry: readonly ResourceInfo[], name: string): unknown | null {
  const g = groups(registry).find((x) => x.name === name);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...g } : null;
}

export function apiResourceList(registry: readonly ResourceInfo[], group: string, version: string): unknown {
  const resources = registry
    .filter((r) => r.group === group && r.version === version)
    .flatMap((r) => {
      const main = {
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: VERBS,
        ...(r.shortNames.length ? { shortNames: r.shortNames } : {}),
        ...(r.categories.length ? { categories: r.categories } : {}),
      };
      if (r.plural === 'pods' && r.group === '') {
        return [main, { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }];
      }
      return [main];
    });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionOf({ group, version }), resources };
}

export function rootPaths(registry: readonly ResourceInfo[]): unknown {
  const gvs = new Set(registry.filter((r) => r.group !== '').map((r) => `/apis/${r.group}/${r.version}`));
  const gs = new Set(registry.filter((r) => r.group !== '').map((r) => `/apis/${r.group}`));
  return { paths: ['/api', '/api/v1', '/apis', ...[...gs].sort(), ...[...gvs].sort(), '/healthz', '/livez', '/readyz', '/version'] };
}
