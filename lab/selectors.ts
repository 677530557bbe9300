// Label and field selectors with the API server's grammar and errors, for the
// subset of fields kube-apiserver supports per kind.
import type { KubeObject } from '../lib/model/kube';

export class SelectorError extends Error {}

export type LabelRequirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

const LABEL_KEY = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function checkKey(key: string, whole: string): string {
  if (!LABEL_KEY.test(key) || key.length > 316) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}
function checkValue(value: string, whole: string): string {
  if (!LABEL_VALUE.test(value) || value.length > 63) throw new SelectorError(`unable to parse requirement: invalid label value "${value}" in "${whole}"`);
  return value;
}

/** Parses `a=b,c!=d,e,!f,g in (x,y),h notin (z)`. Throws SelectorError like the API server's 400. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') return [];
  return splitTopLevel(selector).map((part): LabelRequirement => {
    if (part === '') throw new SelectorError(`unable to parse requirement: empty requirement in "${selector}"`);
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => checkValue(v.trim(), selector));
      return { key: checkKey(set[1] ?? '', selector), op: set[2] === 'in' ? 'in' : 'notin', values };
    }
    const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (cmp) {
      return { key: checkKey(cmp[1] ?? '', selector), op: cmp[2] === '!=' ? 'neq' : 'eq', value: checkValue(cmp[3] ?? '', selector) };
    }
    if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), selector), op: 'notexists' };
    return { key: checkKey(part, selector), op: 'exists' };
  });
}

export function matchesLabels(reqs: readonly LabelRequirement[], labels: Record<string, string> | null | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'eq':
        return has && v === r.value;
      case 'neq':
        return !has || v !== r.value;
      case 'in':
        return has && v !== undefined && r.values.includes(v);
      case 'notin':
        return !has || v === undefined || !r.values.includes(v);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  if (selector.trim() === '') return [];
  return selector.split(',').map((part) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    return { field: (m[1] ?? '').trim(), op: m[2] === '!=' ? 'neq' : 'eq', value: (m[3] ?? '').trim() };
  });
}

type Getter = (o: KubeObject) => unknown;

function path(...keys: string[]): Getter {
  return (o) => {
    let cur: unknown = o;
    for (const k of keys) {
      if (typeof cur !== 'object' || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[k];
    }
    return cur;
  };
}

// The field labels kube-apiserver accepts per kind (pkg/registry/*/strategy.go GetAttrs).
const FIELDS: Record<string, Record<string, Getter>> = {
  Event: {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source', 'component'),
    type: path('type'),
  },
  Pod: {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(path('spec', 'hostNetwork')(o) === true),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  Node: { 'spec.unschedulable': (o) => String(path('spec', 'unschedulable')(o) === true) },
  Namespace: { 'status.phase': path('status', 'phase') },
};

/** Checks that every field is supported for `kind`; throws SelectorError `field label not supported: X`. */
export function checkFields(kind: string, reqs: readonly FieldRequirement[]): void {
  for (const r of reqs) {
    if (r.field === 'metadata.name' || r.field === 'metadata.namespace') continue;
    if (!FIELDS[kind]?.[r.field]) throw new SelectorError(`field label not supported: ${r.field}`);
  }
}

export function matchesFields(reqs: readonly FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => {
    const getter: Getter | undefined =
      r.field === 'metadata.name' ? (o) => o.metadata.name : r.field === 'metadata.namespace' ? (o) => o.metadata.namespace : FIELDS[obj.kind]?.[r.field];
    const raw = getter ? getter(obj) : undefined;
    const v = raw === undefined || raw === null ? '' : String(raw);
    return r.op === 'eq' ? v === r.value : v !== r.value;
  });
}
