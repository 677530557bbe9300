// Who must be restarted after a ConfigMap changes (most apps read it only at
// start), and exact IP-literal replacement for the repoint commands.
import type { Inventory } from '../inventory';
import { findIpLiterals } from '../ip';

export interface Reader {
  kind: string;
  namespace: string;
  name: string;
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** Does the pod spec mount the ConfigMap, project it, or take env from it? */
function podSpecUses(spec: Json, configMap: string): boolean {
  for (const vol of list(spec.volumes)) {
    if (isRecord(vol.configMap) && vol.configMap.name === configMap) return true;
    const projected = isRecord(vol.projected) ? list(vol.projected.sources) : [];
    if (projected.some((s) => isRecord(s.configMap) && s.configMap.name === configMap)) return true;
  }
  for (const c of [...list(spec.containers), ...list(spec.initContainers)]) {
    if (list(c.envFrom).some((e) => isRecord(e.configMapRef) && e.configMapRef.name === configMap)) return true;
    if (list(c.env).some((e) => isRecord(e.valueFrom) && isRecord(e.valueFrom.configMapKeyRef) && e.valueFrom.configMapKeyRef.name === configMap)) return true;
  }
  return false;
}

/** Deployments, StatefulSets and DaemonSets of the namespace that read the ConfigMap, sorted by kind and name. */
export function configMapReaders(inv: Inventory, namespace: string, configMap: string): Reader[] {
  const out: Reader[] = [];
  for (const { raw } of inv.workloadsByNamespace.get(namespace) ?? []) {
    const template = isRecord(raw.spec) && isRecord(raw.spec.template) ? raw.spec.template : null;
    const spec = template && isRecord(template.spec) ? template.spec : null;
    if (spec && podSpecUses(spec, configMap)) out.push({ kind: raw.kind, namespace, name: raw.metadata.name });
  }
  return out.sort((a, b) => (`${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1));
}

/** `text` with every whole literal `from` replaced by `to` (10.0.20.2001 is not 10.0.20.200). */
export function replaceIpLiteral(text: string, from: string, to: string): string {
  const v6 = from.includes(':');
  const hits = findIpLiterals(text, v6 ? new Set() : new Set([from]), v6 ? [from.toLowerCase()] : []).sort((a, b) => b.index - a.index);
  let out = text;
  for (const h of hits) out = `${out.slice(0, h.index)}${to}${out.slice(h.index + from.length)}`;
  return out;
}
