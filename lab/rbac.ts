// RBAC in the lab API server: requests are authorized against edgelens' own ClusterRole
// (deploy/kustomize/base/clusterrole.yaml, the one place its rules live) with the
// Kubernetes semantics (apiGroups × resources × verbs, `*` wildcards, resourceNames), and
// anything the role does not allow is answered with kube-apiserver's 403 Status. So every
// test that talks to the lab shows the role is sufficient. Discovery (/api, /apis,
// /version, /openapi) is allowed as kube-apiserver's system:discovery role does for
// every authenticated user.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { edgelensHome } from './paths';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface ResourceRequest {
  verb: string;
  group: string;
  /** `plural` or `plural/subresource`. */
  resource: string;
  name?: string;
}

/** The role file, relative to the package root. */
export const CLUSTER_ROLE_FILE = join('deploy', 'kustomize', 'base', 'clusterrole.yaml');

export class RbacFileError extends Error {
  override readonly name = 'RbacFileError';
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);

/** Parses the rules of a ClusterRole document; anything malformed is an error, never "allow all". */
export function parseClusterRole(text: string, where = 'ClusterRole'): PolicyRule[] {
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    throw new RbacFileError(`${where}: not YAML`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || !('kind' in doc) || doc.kind !== 'ClusterRole' || !('rules' in doc) || !Array.isArray(doc.rules)) {
    throw new RbacFileError(`${where}: not a ClusterRole with rules`);
  }
  return doc.rules.map((r: unknown, i: number): PolicyRule => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const apiGroups = strings(o.apiGroups);
    const resources = strings(o.resources);
    const verbs = strings(o.verbs);
    if (!apiGroups || !resources || !verbs) throw new RbacFileError(`${where}: rule ${i} needs apiGroups, resources and verbs (non-resource URLs are not used by edgelens)`);
    const resourceNames = o.resourceNames === undefined ? undefined : strings(o.resourceNames);
    if (resourceNames === null) throw new RbacFileError(`${where}: rule ${i}: resourceNames must be a list of strings`);
    return { apiGroups, resources, verbs, ...(resourceNames ? { resourceNames } : {}) };
  });
}

/** edgelens' ClusterRole, read from the package (default) or another root. */
export function loadEdgelensRole(home: string = edgelensHome()): PolicyRule[] {
  const file = join(home, CLUSTER_ROLE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new RbacFileError(`cannot read edgelens' ClusterRole at ${file}`, { cause: err });
  }
  return parseClusterRole(text, file);
}

function ruleAllows(rule: PolicyRule, req: ResourceRequest): boolean {
  if (!rule.verbs.includes('*') && !rule.verbs.includes(req.verb)) return false;
  if (!rule.apiGroups.includes('*') && !rule.apiGroups.includes(req.group)) return false;
  const [plural, sub] = req.resource.split('/');
  const resourceOk = rule.resources.some((r) => r === '*' || r === req.resource || (sub !== undefined && r === `*/${sub}`) || (sub === undefined ? false : r === `${plural}/*`));
  if (!resourceOk) return false;
  if (rule.resourceNames && rule.resourceNames.length > 0) return req.name !== undefined && rule.resourceNames.includes(req.name);
  return true;
}

/** Kubernetes RBAC is a union of allow rules: any one rule that matches allows. */
export function rbacAllows(rules: readonly PolicyRule[], req: ResourceRequest): boolean {
  return rules.some((r) => ruleAllows(r, req));
}
