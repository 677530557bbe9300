// Which resources the lab serves and how discovery describes them: the kinds
// edgelens reads (KINDS) plus namespaces/endpoints, plus any other kind a
// scenario file happens to contain (so any `kubectl get -o yaml` List works).
import { KINDS, type KindName, type KubeObject } from '../lib/model/kube';

export interface ResourceInfo {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
}

export function groupVersionOf(r: { group: string; version: string }): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Built-in types are served without kind/apiVersion on list items (like kube-apiserver); CRDs keep them. */
export function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

const SHORT_NAMES: Record<string, string[]> = {
  services: ['svc'],
  pods: ['po'],
  nodes: ['no'],
  events: ['ev'],
  configmaps: ['cm'],
  namespaces: ['ns'],
  endpoints: ['ep'],
  deployments: ['deploy'],
};
const IN_ALL = new Set(['services', 'pods', 'deployments']);

function info(kind: string, group: string, version: string, plural: string, namespaced: boolean): ResourceInfo {
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    namespaced,
    shortNames: SHORT_NAMES[plural] ?? [],
    categories: IN_ALL.has(plural) ? ['all'] : [],
  };
}

const BUILTIN: ResourceInfo[] = [
  ...KINDS.map((k) => info(k.kind, k.group, k.version, k.plural, k.namespaced)),
  info('Namespace', '', 'v1', 'namespaces', false),
  info('Endpoints', '', 'v1', 'endpoints', true),
];

/** English plural of a Kind as Kubernetes spells resource names (IngressRoute → ingressroutes). */
export function pluralize(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

export const resourceKey = (r: { group: string; plural: string }): string => `${r.plural}.${r.group}`;

/** The resources to serve for a set of objects: the built-ins plus one per unknown (group, kind). */
export function buildRegistry(objects: readonly KubeObject[]): ResourceInfo[] {
  const out = [...BUILTIN];
  for (const o of objects) {
    const { group, version } = splitApiVersion(o.apiVersion);
    const existing = out.find((r) => r.group === group && r.kind === o.kind);
    if (!existing) {
      out.push(info(o.kind, group, version, pluralize(o.kind), !!o.metadata.namespace));
    } else if (!BUILTIN.includes(existing) && o.metadata.namespace) {
      // A kind the lab does not know is namespaced when any of its objects has a namespace.
      existing.namespaced = true;
    }
  }
  return out;
}

/** The registry entry a stored object belongs to. */
export function resourceFor(registry: readonly ResourceInfo[], obj: KubeObject): ResourceInfo | undefined {
  const { group } = splitApiVersion(obj.apiVersion);
  return registry.find((r) => r.group === group && r.kind === obj.kind);
}

export function kindNameOf(r: ResourceInfo): KindName | undefined {
  return KINDS.find((k) => k.group === r.group && k.kind === r.kind)?.kind;
}
