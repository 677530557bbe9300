// Where LB IPs are written literally outside the Services that use them:
// ConfigMaps (tunnel configs, DNS zones), workload env/args/hostAliases, other
// Services' annotations, and any other object kind in the snapshot. Shared by
// the lb-ip-referenced rule and the what-if planner's blast radius, so both
// always agree on what "refers to the IP" means.
// One pass over each object's strings; each string is scanned once for every
// IP at the same time (set lookup), so the cost is linear in the snapshot size.
import type { Subject } from '../model/finding';
import type { KubeObject } from '../model/kube';
import { objectKey, type Inventory } from './inventory';
import { compareIps, findIpLiterals } from './ip';

/** Kinds whose mentions of an LB IP are MetalLB's or Kubernetes' own bookkeeping, not references a human wrote. */
const NOT_REFERENCES = new Set([
  'Event',
  'EndpointSlice',
  'Endpoints',
  'Node',
  'Pod',
  'ReplicaSet',
  'ControllerRevision',
  'Lease',
  'ServiceL2Status',
  'IPAddressPool',
  'L2Advertisement',
  'BGPAdvertisement',
  'CiliumLoadBalancerIPPool',
  'CiliumL2AnnouncementPolicy',
  'ServiceGroup',
  'Service',
]);

export interface IpReferencePlace {
  /** Path inside the object ("data[config.yaml] lines 8, 12", "spec.template.spec.containers[app].env[URL].value"). */
  where: string;
  snippet: string;
  /** Ports written right after the IP ("10.0.20.200:443"), to name the Service meant. */
  ports: number[];
}

export interface IpReference {
  subject: Subject;
  /** The object as read, so callers can look at more of it (volumes, kind). */
  object: KubeObject;
  places: IpReferencePlace[];
}

function snippetAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const endNl = text.indexOf('\n', index);
  const line = text.slice(start, endNl < 0 ? text.length : endNl).trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

function subjectKey(s: Subject): string {
  return `${s.kind}/${s.namespace ?? ''}/${s.name}`;
}

/**
 * Every object that writes one of `ips` literally. `ips` maps each IP to the
 * `namespace/name` keys of the Services on it: a Service naming its own IP in
 * an annotation is not a reference. Result: IP → references sorted by kind,
 * namespace, name (IPs without references are absent); IPv6 IPs keep the
 * spelling of the key they were asked with.
 */
export function findIpReferences(inv: Inventory, ips: ReadonlyMap<string, ReadonlySet<string>>): Map<string, IpReference[]> {
  const found = new Map<string, Map<string, IpReference>>(); // ip → object id → hits
  if (ips.size === 0) return new Map();
  const v4 = new Set<string>();
  const v6: string[] = [];
  for (const ip of ips.keys()) (ip.includes(':') ? v6.push(ip.toLowerCase()) : v4.add(ip));
  const canonicalOf = (ip: string): string => (ip.includes(':') ? ([...ips.keys()].find((k) => k.toLowerCase() === ip) ?? ip) : ip);

  const record = (ip: string, obj: KubeObject, where: string, snippet: string, ports: number[] = []): void => {
    const canonical = canonicalOf(ip);
    let objs = found.get(canonical);
    if (!objs) found.set(canonical, (objs = new Map()));
    const subject: Subject = { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name };
    const id = subjectKey(subject);
    let h = objs.get(id);
    if (!h) objs.set(id, (h = { subject, object: obj, places: [] }));
    h.places.push({ where, snippet, ports });
  };

  /** Scan one string; multi-line strings report line numbers, grouped per IP. */
  const scan = (obj: KubeObject, whereOf: () => string, text: string): void => {
    const hits = findIpLiterals(text, v4, v6);
    if (hits.length === 0) return;
    const where = whereOf();
    const multiline = text.includes('\n');
    const lines = new Map<string, { nums: number[]; snippet: string; ports: Set<number> }>();
    let line = 1;
    let pos = 0;
    for (const h of hits.sort((a, b) => a.index - b.index)) {
      if (multiline) {
        for (let i = text.indexOf('\n', pos); i >= 0 && i < h.index; i = text.indexOf('\n', i + 1)) line++;
        pos = h.index;
      }
      const port = /^:(\d{1,5})(?!\d)/.exec(text.slice(h.index + h.ip.length, h.index + h.ip.length + 7))?.[1];
      const cur = lines.get(h.ip) ?? { nums: [], snippet: snippetAt(text, h.index), ports: new Set<number>() };
      lines.set(h.ip, cur);
      if (cur.nums[cur.nums.length - 1] !== line) cur.nums.push(line);
      if (port) cur.ports.add(Number(port));
    }
    for (const [ip, l] of lines) {
      const at = multiline ? `${where} line${l.nums.length > 1 ? 's' : ''} ${l.nums.join(', ')}` : where;
      record(ip, obj, at, l.snippet, [...l.ports]);
    }
  };

  /** Walk every string under `value`; the path is only built when something matches. */
  const walk = (obj: KubeObject, value: unknown, path: string[]): void => {
    if (typeof value === 'string') {
      if (value.length >= 7) scan(obj, () => path.join(''), value);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const name = typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string' ? (item as { name: string }).name : null;
        path.push(name !== null ? `[${name}]` : `[${i}]`);
        walk(obj, item, path);
        path.pop();
      });
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        path.push(path.length === 0 ? k : /^[A-Za-z_][\w]*$/.test(k) ? `.${k}` : `[${k}]`);
        walk(obj, v, path);
        path.pop();
      }
    }
  };

  for (const { view, raw } of inv.configMaps) {
    // kube-vip-cloud-provider's address ranges (ConfigMap kube-system/kubevip) are a pool, not a reference.
    if (view.metadata.name === 'kubevip' && view.metadata.namespace === 'kube-system') continue;
    for (const [k, v] of Object.entries(view.data ?? {})) scan(raw, () => `data[${k}]`, v);
  }
  for (const list of inv.workloadsByNamespace.values()) {
    for (const { raw } of list) walk(raw, (raw as { spec?: { template?: { spec?: unknown } } }).spec?.template?.spec, ['spec.template.spec']);
  }
  for (const { view, raw } of inv.services.values()) {
    const key = objectKey(view.metadata.namespace ?? 'default', view.metadata.name);
    for (const [k, v] of Object.entries(view.metadata.annotations ?? {})) {
      for (const h of findIpLiterals(v, v4, v6)) {
        if (ips.get(canonicalOf(h.ip))?.has(key)) continue; // a Service on the IP naming its own IP is not a reference
        record(h.ip, raw, `metadata.annotations[${k}]`, v);
      }
    }
  }
  for (const raw of inv.others) {
    if (NOT_REFERENCES.has(raw.kind) || raw.kind.endsWith('List')) continue;
    // status is written by controllers (an Ingress lists the LB IP there); metadata other than annotations is bookkeeping.
    walk(raw, raw.metadata.annotations ?? {}, ['metadata.annotations']);
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'status' || k === 'metadata') continue;
      walk(raw, v, [k]);
    }
  }

  const out = new Map<string, IpReference[]>();
  for (const ip of [...found.keys()].sort(compareIps)) {
    const refs = [...(found.get(ip)?.values() ?? [])].sort((a, b) => {
      const ka = subjectKey(a.subject);
      const kb = subjectKey(b.subject);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    out.set(ip, refs);
  }
  return out;
}
