// Where an LB IP is written literally outside the Services that use it:
// ConfigMaps (tunnel configs, DNS zones), workload env/args/hostAliases, other
// Services' annotations, and any other object kind in the snapshot. This is
// the cutover blast radius: all of these must change when the IP does.
// One pass over each object's strings; each string is scanned once for every
// IP at the same time (set lookup), so the cost is linear in the snapshot size.
import type { Finding, Subject } from '../../model/finding';
import type { KubeObject } from '../../model/kube';
import { compareIps, findIpLiterals } from '../ip';
import { finding, listNames, plural, type ClusterRule } from '../rule';

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
  'Service',
]);

interface Place {
  where: string;
  snippet: string;
  /** Ports written right after the IP ("10.0.20.200:443"), to name the Service meant. */
  ports: number[];
}
interface Hits {
  subject: Subject;
  places: Place[];
}

function snippetAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const endNl = text.indexOf('\n', index);
  const line = text.slice(start, endNl < 0 ? text.length : endNl).trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export const rule: ClusterRule = {
  id: 'lb-ip-referenced',
  severity: 'info',
  check(input) {
    const inv = input.inventory;
    const byIp = input.lb.servicesByIp;
    if (byIp.size === 0) return [];
    const v4 = new Set<string>();
    const v6: string[] = [];
    for (const ip of byIp.keys()) (ip.includes(':') ? v6.push(ip.toLowerCase()) : v4.add(ip));
    const members = new Map<string, Set<string>>();
    for (const [ip, svcs] of byIp) members.set(ip, new Set(svcs.map((s) => `${s.view.metadata.namespace ?? 'default'}/${s.view.metadata.name}`)));

    const found = new Map<string, Map<string, Hits>>(); // ip → object id → hits
    const record = (ip: string, obj: KubeObject, where: string, snippet: string, ports: number[] = []): void => {
      const canonical = ip.includes(':') ? ([...byIp.keys()].find((k) => k.toLowerCase() === ip) ?? ip) : ip;
      let objs = found.get(canonical);
      if (!objs) found.set(canonical, (objs = new Map()));
      const id = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
      let h = objs.get(id);
      if (!h) {
        h = { subject: { kind: obj.kind, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), name: obj.metadata.name }, places: [] };
        objs.set(id, h);
      }
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
      for (const [k, v] of Object.entries(view.data ?? {})) scan(raw, () => `data[${k}]`, v);
    }
    for (const list of inv.workloadsByNamespace.values()) {
      for (const { raw } of list) walk(raw, (raw as { spec?: { template?: { spec?: unknown } } }).spec?.template?.spec, ['spec.template.spec']);
    }
    for (const [key, { view, raw }] of inv.services) {
      for (const [k, v] of Object.entries(view.metadata.annotations ?? {})) {
        for (const h of findIpLiterals(v, v4, v6)) {
          const ip = h.ip.includes(':') ? ([...byIp.keys()].find((x) => x.toLowerCase() === h.ip) ?? h.ip) : h.ip;
          if (members.get(ip)?.has(key)) continue; // a Service on the IP naming its own IP is not a reference
          record(ip, raw, `metadata.annotations[${k}]`, v);
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

    const out: Finding[] = [];
    for (const ip of [...found.keys()].sort(compareIps)) {
      const objs = [...(found.get(ip)?.values() ?? [])].sort((a, b) => {
        const ka = `${a.subject.kind}/${a.subject.namespace ?? ''}/${a.subject.name}`;
        const kb = `${b.subject.kind}/${b.subject.namespace ?? ''}/${b.subject.name}`;
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      const label = (h: Hits): string => `${h.subject.kind} ${h.subject.namespace ? `${h.subject.namespace}/` : ''}${h.subject.name}`;
      // "10.0.20.200:443" in a tunnel config means the Service with port 443 on that IP: name it.
      const renames: string[] = [];
      for (const h of objs) {
        const ports = new Set(h.places.flatMap((p) => p.ports));
        const targets = (byIp.get(ip) ?? []).flatMap(({ view }) =>
          view.spec.ports.filter((p) => ports.has(p.port) && p.protocol === 'TCP').map((p) => `${view.metadata.name}.${view.metadata.namespace ?? 'default'}.svc.cluster.local:${p.port}`),
        );
        if (targets.length > 0) renames.push(`${label(h)} → ${[...new Set(targets)].join(', ')}`);
      }
      out.push(
        finding(rule, {
          subjects: objs.map((h) => h.subject),
          ip,
          message: `${ip} is written literally in ${plural(objs.length, 'object')} besides the Service${(members.get(ip)?.size ?? 0) === 1 ? '' : 's'} using it: ${listNames(objs.map(label), 5)}.`,
          evidence: objs.flatMap((h) => h.places.map((p) => `${label(h)}: ${p.where}: ${p.snippet}`)),
          why: `If ${ip} changes — for example when a Service moves to its own IP to switch to externalTrafficPolicy=Local — each of these keeps pointing at the old address: tunnels, DNS answers and clients then break or reach the wrong Service. Changing them is part of the cutover.`,
          fix: `Update ${objs.length === 1 ? 'it' : 'them'} in the same change window as any IP change (${listNames(objs.map(label), 5)}) and restart what reads ${objs.length === 1 ? 'it' : 'them'} (most apps read ConfigMaps only at start). ${
            renames.length > 0
              ? `Clients inside the cluster need no literal IP at all: ${renames.join('; ')}.`
              : 'Clients inside the cluster can use the Service name (NAME.NAMESPACE.svc.cluster.local) instead of the literal IP.'
          }`,
        }),
      );
    }
    return out;
  },
};
