// Applies what-if changes to a snapshot the way MetalLB would react, so the
// ordinary rules can judge the result. Mirrors MetalLB's allocator
// (internal/allocator: Assign / sharingOK) and its L2 election (speaker
// layer2_controller: ShouldAnnounce):
//  - a Service may take an IP only if the IP is in a pool and every other
//    Service on it has the same sharing key and the same backend key (ETP=Local:
//    the selector; ETP=Cluster: none), and no protocol/port of it is taken;
//  - granted: status.loadBalancer.ingress = [{ip, ipMode: VIP}], and the node
//    announcing it is re-elected (ETP=Local: only nodes with a ready endpoint);
//  - refused: no ingress, a Warning AllocationFailed event with MetalLB's text,
//    no announcement — so allocation-failed, shared-ip-* … fire by themselves.
// Pure and copy-on-write: the input snapshot is never modified.
import { createHash } from 'node:crypto';
import type { ClusterSnapshot, WhatIfChange } from '../../model/cluster';
import { serviceSchema, type KubeObject, type Service } from '../../model/kube';
import {
  assignedIps,
  buildInventory,
  handledByMetalLB,
  isLoadBalancer,
  metallbAnnotation,
  objectKey,
  requestedIps,
  sharingKey,
  trafficPolicy,
} from '../inventory';
import { formatIp, parseIp, parsePoolRange, rangeContains, type IpRange } from '../ip';
import { detectImplementation } from '../lb/index';
import { summarizeEndpoints } from '../load-balancers';
import { covers, eligibleNodes } from '../rules/l2-advertisement-excludes-endpoints';
import { WhatIfError } from './parse-change';

export interface ApplyContext {
  now: Date;
}

/** What MetalLB is predicted to do with one Service. */
export interface Allocation {
  namespace: string;
  name: string;
  /** Named in a change (false: an untouched Service MetalLB can now serve, e.g. after a blocker moved away). */
  changed: boolean;
  granted: boolean;
  /** The addresses granted (empty when refused). */
  ips: string[];
  /** status.loadBalancer.ingress before the change. */
  previousIps: string[];
  /** MetalLB's reason, as in the AllocationFailed event, when refused. */
  message: string | null;
  /** The node predicted to announce the IP; null when none can, or it cannot be told. */
  announcer: string | null;
  /** Nodes MetalLB chooses the announcer from (ETP=Local: nodes with a ready endpoint). */
  candidates: string[];
}

export interface WhatIfApplication {
  snapshot: ClusterSnapshot;
  allocations: Allocation[];
}

const ANN = 'metallb.io/';
const LEGACY = 'metallb.universe.tf/';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** obj[key] as an object, created when missing (null annotations are common in kubectl output). */
function child(obj: Json, key: string): Json {
  const v = obj[key];
  if (isRecord(v)) return v;
  const fresh: Json = {};
  obj[key] = fresh;
  return fresh;
}

/** Kubernetes timestamps have whole seconds. */
function kubeTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** labels.Set(selector).String(): sorted k=v pairs — MetalLB's backend key for ETP=Local. */
function backendKey(svc: Service): string {
  if (trafficPolicy(svc) !== 'Local') return '';
  return Object.entries(svc.spec.selector ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function portsOf(svc: Service): string[] {
  return svc.spec.ports.map((p) => `${p.protocol}/${p.port}`);
}

/** The ingress spelling of an address (RFC 5952 for IPv6), so lookups match what MetalLB writes. */
function canonicalIp(ip: string): string {
  const p = parseIp(ip);
  return p ? formatIp(p) : ip;
}

interface Holder {
  key: string;
  sharing: string;
  backend: string;
  ports: string[];
}

type Outcome = { ok: true; ips: string[]; pool: string | null } | { ok: false; message: string };

export function applyWhatIf(snapshot: ClusterSnapshot, changes: readonly WhatIfChange[], ctx: ApplyContext): WhatIfApplication {
  // Endpoints, nodes, pools and L2Advertisements do not change: read them once from the input.
  const inv = buildInventory(snapshot);
  const objects: KubeObject[] = [...snapshot.objects];
  const owned = new Set<number>();
  const removed = new Set<number>();
  const now = kubeTime(ctx.now);
  let eventSeq = 0;

  const own = (i: number): Json => {
    if (!owned.has(i)) {
      objects[i] = structuredClone(objects[i] as KubeObject);
      owned.add(i);
    }
    return objects[i] as Json;
  };

  const serviceIndex = new Map<string, number>();
  objects.forEach((o, i) => {
    if (o.kind === 'Service' && o.apiVersion === 'v1' && isRecord(o.metadata) && typeof o.metadata.name === 'string') {
      serviceIndex.set(objectKey(o.metadata.namespace ?? 'default', o.metadata.name), i);
    }
  });

  const viewAt = (i: number): Service | null => {
    const r = serviceSchema.safeParse(objects[i]);
    return r.success ? r.data : null;
  };

  // Which implementation handles each Service, decided once on the input (edits do not move a Service to another one).
  // The simulation below is MetalLB's allocator and L2 election; other implementations' Services are left as they are.
  const metallbOwned = (key: string, svc: Service): boolean => {
    const original = inv.services.get(key)?.view;
    return original ? detectImplementation(original, inv).adapter.id === 'metallb' : handledByMetalLB(svc);
  };

  /** Every MetalLB Service holding an IP right now, by IP. */
  const holders = (): Map<string, Holder[]> => {
    const out = new Map<string, Holder[]>();
    for (const [key, i] of serviceIndex) {
      if (removed.has(i)) continue;
      const svc = viewAt(i);
      if (!svc || !isLoadBalancer(svc) || !metallbOwned(key, svc)) continue;
      const h: Holder = { key, sharing: sharingKey(svc) ?? '', backend: backendKey(svc), ports: portsOf(svc) };
      for (const ip of assignedIps(svc)) out.set(canonicalIp(ip), [...(out.get(canonicalIp(ip)) ?? []), h]);
    }
    return out;
  };

  // ---- pools ---------------------------------------------------------------
  const poolsKnown = inv.kinds.has('IPAddressPool');
  const pools = inv.pools.map((p) => ({
    name: p.view.metadata.name,
    namespace: p.view.metadata.namespace ?? 'metallb-system',
    ranges: (p.view.spec?.addresses ?? []).map(parsePoolRange).filter((r): r is IpRange => r !== null),
    autoAssign: p.view.spec?.autoAssign !== false,
    // avoidBuggyIPs is not in the shared schema: read the raw object.
    avoidBuggy: isRecord(p.raw.spec) && p.raw.spec.avoidBuggyIPs === true,
  }));
  const buggy = (ip: string): boolean => !ip.includes(':') && (ip.endsWith('.0') || ip.endsWith('.255'));
  /** MetalLB's poolFor: the pool owning the IP; undefined when no pool was read (then nothing can be judged). */
  const poolFor = (ip: string): string | null | undefined => {
    if (!poolsKnown) return undefined;
    for (const p of pools) {
      if (p.avoidBuggy && buggy(ip)) continue;
      if (p.ranges.some((r) => rangeContains(r, ip))) return p.name;
    }
    return null;
  };

  /** Allocator.Assign for every wanted IP: the first refusal wins, with MetalLB's message. */
  const tryAssign = (key: string, svc: Service, ips: readonly string[], byIp: Map<string, Holder[]>): Outcome => {
    const mine: Holder = { key, sharing: sharingKey(svc) ?? '', backend: backendKey(svc), ports: portsOf(svc) };
    let pool: string | null = null;
    for (const ip of ips) {
      const owner = poolFor(ip);
      if (owner === null) return { ok: false, message: `"${ip}" is not allowed in config` };
      pool ??= owner ?? null;
      const others = (byIp.get(ip) ?? []).filter((h) => h.key !== key);
      if (others.length === 0) continue;
      // sharingOK: both must allow sharing with the same key, and share the backend key.
      const incompatible = others.some((o) => o.sharing === '' || mine.sharing === '' || o.sharing !== mine.sharing || o.backend !== mine.backend);
      if (incompatible) {
        return { ok: false, message: `can't change sharing key for "${key}", address also in use by ${others.map((o) => o.key).sort().join(',')}` };
      }
      for (const port of mine.ports) {
        if (others.some((o) => o.ports.includes(port))) return { ok: false, message: `port ${port} is already in use on "${ip}"` };
      }
    }
    return { ok: true, ips: [...ips], pool };
  };

  /** Allocator.Allocate / AllocateFromPool: the first address of an auto-assign (or the named) pool that fits. */
  const autoAssign = (key: string, svc: Service, raw: Json, byIp: Map<string, Holder[]>): Outcome => {
    const named = metallbAnnotation(svc.metadata, 'address-pool')?.value ?? null;
    const candidates = pools.filter((p) => (named ? p.name === named : p.autoAssign)).sort((a, b) => (a.name < b.name ? -1 : 1));
    if (named && candidates.length === 0) return { ok: false, message: `unknown pool "${named}"` };
    const family = isRecord(raw.spec) ? raw.spec.ipFamilies : undefined; // not in the shared schema
    const wantV6 = Array.isArray(family) && family[0] === 'IPv6';
    for (const p of candidates) {
      let looked = 0;
      for (const r of p.ranges) {
        if ((r.family === 6) !== wantV6) continue;
        for (let v = r.first; v <= r.last && looked < 65_536; v++, looked++) {
          const ip = formatIp({ family: r.family, value: v });
          if (p.avoidBuggy && buggy(ip)) continue;
          const out = tryAssign(key, svc, [ip], byIp);
          if (out.ok) return { ...out, pool: p.name };
        }
      }
    }
    return { ok: false, message: named ? `no available IPs in pool "${named}"` : 'no available IPs' };
  };

  // ---- announcer (L2 election) --------------------------------------------
  const nodeExcluded = (name: string): boolean => {
    const labels = inv.nodes.get(name)?.view.metadata.labels ?? {};
    return Object.hasOwn(labels, 'node.kubernetes.io/exclude-from-external-load-balancers');
  };
  /** Nodes whose speakers may announce the pool's IPs; null when that cannot be told from the snapshot. */
  const speakersFor = (poolName: string | null): Set<string> | null => {
    if (inv.nodes.size === 0 || !inv.kinds.has('L2Advertisement')) return null;
    const pool = inv.pools.find((p) => p.view.metadata.name === poolName);
    if (!pool) return null;
    const allowed = new Set<string>();
    for (const adv of inv.l2Advertisements) {
      if (!covers(adv.view, pool.view)) continue;
      for (const n of eligibleNodes(adv.view, inv) ?? inv.nodes.keys()) allowed.add(n);
    }
    return new Set([...allowed].filter((n) => !nodeExcluded(n)));
  };
  /** ShouldAnnounce: the candidate with the smallest sha256(node + "#" + ip) wins. */
  const elect = (candidates: readonly string[], ip: string): string | null => {
    let best: { node: string; hash: string } | null = null;
    for (const node of candidates) {
      const hash = createHash('sha256').update(`${node}#${ip}`).digest('hex');
      if (best === null || hash < best.hash) best = { node, hash };
    }
    return best?.node ?? null;
  };

  /** Indices of the objects that say who announces the Service: its ServiceL2Statuses and nodeAssigned events. */
  const announcementsOf = (ns: string, name: string): { statuses: number[]; events: number[] } => {
    const statuses: number[] = [];
    const events: number[] = [];
    objects.forEach((o, i) => {
      if (removed.has(i)) return;
      if (o.kind === 'ServiceL2Status') {
        const status = isRecord(o.status) ? o.status : {};
        const labels = o.metadata.labels ?? {};
        const svcName = typeof status.serviceName === 'string' ? status.serviceName : labels['metallb.io/service-name'];
        const svcNs = typeof status.serviceNamespace === 'string' ? status.serviceNamespace : labels['metallb.io/service-namespace'];
        if (svcName === name && svcNs === ns) statuses.push(i);
      } else if (o.kind === 'Event' && o.reason === 'nodeAssigned' && involves(o, ns, name)) {
        events.push(i);
      }
    });
    return { statuses, events };
  };

  /** The node announcing `ip` for the other Services on it (one IP has one announcer). */
  const announcerOfIp = (ip: string, except: string, byIp: Map<string, Holder[]>): string | null => {
    for (const h of byIp.get(ip) ?? []) {
      if (h.key === except) continue;
      const [ns = '', name = ''] = h.key.split('/');
      for (const i of announcementsOf(ns, name).statuses) {
        const o = objects[i] as Json;
        const node = isRecord(o.status) && typeof o.status.node === 'string' ? o.status.node : null;
        if (node) return node;
      }
    }
    return null;
  };

  const l2Namespace = (): string => {
    const existing = objects.find((o, i) => !removed.has(i) && o.kind === 'ServiceL2Status' && o.metadata.namespace);
    return existing?.metadata.namespace ?? pools[0]?.namespace ?? 'metallb-system';
  };

  const writeAnnouncer = (ns: string, name: string, node: string | null): void => {
    const { statuses, events } = announcementsOf(ns, name);
    for (const i of events) removed.add(i); // they describe the old announcement
    const [keep, ...rest] = statuses;
    for (const i of rest) removed.add(i);
    if (node === null) {
      if (keep !== undefined) removed.add(keep);
      return;
    }
    if (keep !== undefined) {
      const o = own(keep);
      child(o, 'status').node = node;
      child(child(o, 'metadata'), 'labels')['metallb.io/node'] = node;
    } else if (inv.kinds.has('ServiceL2Status')) {
      objects.push({
        apiVersion: 'metallb.io/v1beta1',
        kind: 'ServiceL2Status',
        metadata: {
          name: `l2-what-if-${name}`,
          namespace: l2Namespace(),
          creationTimestamp: now,
          labels: { 'metallb.io/node': node, 'metallb.io/service-name': name, 'metallb.io/service-namespace': ns },
        },
        spec: {},
        status: { node, serviceName: name, serviceNamespace: ns },
      });
    } else {
      // MetalLB before 0.14.6 says who announces only in this event (the speaker would emit it).
      addEvent(ns, name, 'Normal', 'nodeAssigned', `announcing from node "${node}" with protocol "layer2"`, 'metallb-speaker');
    }
  };

  function involves(o: KubeObject, ns: string, name: string): boolean {
    const io = isRecord(o.involvedObject) ? o.involvedObject : {};
    return io.kind === 'Service' && io.name === name && (io.namespace ?? o.metadata.namespace) === ns;
  }

  function addEvent(ns: string, name: string, type: string, reason: string, message: string, component: string): void {
    eventSeq++;
    const uid = objects[serviceIndex.get(objectKey(ns, name)) ?? -1]?.metadata.uid;
    objects.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.what-if-${eventSeq}`, namespace: ns, creationTimestamp: now },
      involvedObject: { apiVersion: 'v1', kind: 'Service', name, namespace: ns, ...(uid ? { uid } : {}) },
      reason,
      message,
      type,
      source: { component },
      reportingComponent: '',
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      eventTime: null,
    });
  }

  const dropEvents = (ns: string, name: string, reason: string): void => {
    objects.forEach((o, i) => {
      if (!removed.has(i) && o.kind === 'Event' && o.reason === reason && involves(o, ns, name)) removed.add(i);
    });
  };

  // ---- 1. edit the Services as the user would --------------------------------
  const before = new Map<string, { etp: 'Cluster' | 'Local'; ips: string[]; announcer: string | null }>();
  const changedKeys: string[] = [];
  for (const c of changes) {
    const key = objectKey(c.namespace, c.name);
    const i = serviceIndex.get(key);
    if (i === undefined) throw new WhatIfError(`what-if: Service ${key} is not in the snapshot`);
    const view = viewAt(i);
    if (!view) throw new WhatIfError(`what-if: Service ${key} could not be read from the snapshot`);
    if (!isLoadBalancer(view)) throw new WhatIfError(`what-if: ${key} is a ${view.spec.type} Service, not a LoadBalancer: MetalLB gives it no IP`);
    const owner = detectImplementation(view, inv);
    if (owner.adapter.id === 'unknown') throw new WhatIfError(`what-if: ${key} has loadBalancerClass ${view.spec.loadBalancerClass ?? ''}: MetalLB does not handle it`);
    if (owner.adapter.id !== 'metallb') {
      throw new WhatIfError(
        `what-if: ${key} is handled by ${owner.adapter.name} (${owner.claim.evidence}); the what-if simulates MetalLB's allocator and L2 election only, so it cannot predict ${owner.adapter.words.allocator}'s answer. edgelens cluster still checks ${owner.adapter.name}'s rules on the live cluster.`,
      );
    }
    if (changedKeys.includes(key)) throw new WhatIfError(`what-if: ${key} is changed twice; put all its changes in one value`);
    const { statuses } = announcementsOf(c.namespace, c.name);
    const first = statuses[0] === undefined ? null : (objects[statuses[0]] as Json);
    const oldNode = first && isRecord(first.status) && typeof first.status.node === 'string' ? first.status.node : null;
    before.set(key, { etp: trafficPolicy(view), ips: assignedIps(view).map(canonicalIp), announcer: oldNode });
    changedKeys.push(key);

    const svc = own(i);
    const spec = child(svc, 'spec');
    const annotations = child(child(svc, 'metadata'), 'annotations');
    if (c.etp !== undefined) {
      spec.externalTrafficPolicy = c.etp;
      // Kubernetes allocates healthCheckNodePort for Local (value unknown here) and drops it for Cluster.
      if (c.etp === 'Cluster') delete spec.healthCheckNodePort;
    }
    if (c.ip !== undefined) {
      annotations[`${ANN}loadBalancerIPs`] = c.ip;
      delete annotations[`${LEGACY}loadBalancerIPs`];
      delete spec.loadBalancerIP; // MetalLB rejects it together with the annotation
    }
    if (c.key !== undefined) {
      if (c.key === '') delete annotations[`${ANN}allow-shared-ip`];
      else annotations[`${ANN}allow-shared-ip`] = c.key;
      delete annotations[`${LEGACY}allow-shared-ip`];
    }
  }

  // ---- 2. the controller converges each changed Service, then retries the refused ones
  const results = new Map<string, Allocation>();

  /** One convergeBalancer run; a retry only acts when the Service now fits (a refusal changes nothing). */
  const converge = (key: string, changed: boolean, retry: boolean): boolean => {
    const i = serviceIndex.get(key);
    const svc = i === undefined ? null : viewAt(i);
    if (i === undefined || !svc) return false;
    const [ns = '', name = ''] = key.split('/');
    const current = assignedIps(svc).map(canonicalIp);
    const prior = before.get(key) ?? { etp: trafficPolicy(svc), ips: current, announcer: null };
    const byIp = holders();
    const requested = requestedIps(svc).map(canonicalIp);
    const wanted = requested.length > 0 ? requested : current;
    const outcome = wanted.length > 0 ? tryAssign(key, svc, wanted, byIp) : autoAssign(key, svc, objects[i] as Json, byIp);
    if (!outcome.ok && retry) return false; // still refused: MetalLB's state (and its events) stay as they were

    const o = own(i);
    const status = child(o, 'status');
    const annotations = child(child(o, 'metadata'), 'annotations');
    if (!outcome.ok) {
      // The current IP no longer fits: MetalLB clears it first (ClearAssignment), then fails to allocate.
      const kept = current.length > 0 ? tryAssign(key, svc, current, byIp) : null;
      if (kept && !kept.ok) {
        addEvent(ns, name, 'Normal', 'ClearAssignment', `current IP for "${key}" not allowed by config, will attempt for new IP assignment: ${kept.message}`, 'metallb-controller');
      }
      status.loadBalancer = {};
      delete annotations[`${ANN}ip-allocated-from-pool`];
      delete annotations[`${LEGACY}ip-allocated-from-pool`];
      dropEvents(ns, name, 'AllocationFailed');
      addEvent(ns, name, 'Warning', 'AllocationFailed', `Failed to allocate IP for "${key}": ${outcome.message}`, 'metallb-controller');
      writeAnnouncer(ns, name, null);
      results.set(key, { namespace: ns, name, changed, granted: false, ips: [], previousIps: prior.ips, message: outcome.message, announcer: null, candidates: [] });
      return false;
    }

    const ipChanged = outcome.ips.join(',') !== current.join(',');
    status.loadBalancer = { ingress: outcome.ips.map((ip) => ({ ip, ipMode: 'VIP' })) };
    if (outcome.pool) {
      annotations[`${ANN}ip-allocated-from-pool`] = outcome.pool;
      delete annotations[`${LEGACY}ip-allocated-from-pool`];
    }
    if (ipChanged) {
      dropEvents(ns, name, 'AllocationFailed');
      addEvent(ns, name, 'Normal', 'IPAllocated', `Assigned IP [${outcome.ips.map((ip) => JSON.stringify(ip)).join(' ')}]`, 'metallb-controller');
    }

    // Who announces now. Unchanged IP and policy: the announcement stays where it is.
    const etp = trafficPolicy(svc);
    const ip = outcome.ips[0] ?? '';
    const eps = summarizeEndpoints(inv.slicesByService.get(key) ?? []);
    const speakers = speakersFor(outcome.pool ?? poolFor(ip) ?? null);
    let candidates: string[] = [];
    let node: string | null;
    const existing = announcementsOf(ns, name).statuses[0];
    const existingNode = existing === undefined ? null : ((): string | null => {
      const s = (objects[existing] as Json).status;
      return isRecord(s) && typeof s.node === 'string' ? s.node : null;
    })();
    if (!ipChanged && etp === prior.etp && prior.ips.length > 0) {
      node = existingNode ?? prior.announcer;
      candidates = etp === 'Local' ? eps.nodes : [...(speakers ?? [])].sort();
    } else if (eps.ready.length === 0) {
      node = null; // no serving endpoint: no speaker announces (ShouldAnnounce)
    } else if (etp === 'Local') {
      candidates = eps.nodes.filter((n) => speakers === null || speakers.has(n));
      node = elect(candidates, ip);
    } else {
      candidates = [...(speakers ?? [])].sort();
      node = announcerOfIp(ip, key, byIp) ?? prior.announcer ?? (speakers ? elect(candidates, ip) : null);
    }
    if (ipChanged || etp !== prior.etp || prior.ips.length === 0) writeAnnouncer(ns, name, node);
    results.set(key, { namespace: ns, name, changed, granted: true, ips: outcome.ips, previousIps: prior.ips, message: null, announcer: node, candidates });
    return true;
  };

  for (const key of changedKeys) converge(key, true, false);
  // MetalLB retries refused Services whenever another Service changes: a move can unblock them.
  // Only Services it already refused (an AllocationFailed event) are retried; the loop ends when nothing moves.
  for (let pass = 0; pass <= serviceIndex.size; pass++) {
    let progress = false;
    for (const [key, i] of serviceIndex) {
      const svc = viewAt(i);
      if (!svc || !isLoadBalancer(svc) || !metallbOwned(key, svc) || assignedIps(svc).length > 0) continue;
      const [ns = '', name = ''] = key.split('/');
      const refused = objects.some((o, j) => !removed.has(j) && o.kind === 'Event' && o.reason === 'AllocationFailed' && involves(o, ns, name));
      if (refused && converge(key, changedKeys.includes(key), true)) progress = true;
    }
    if (!progress) break;
  }

  const allocations = [...results.values()].sort((a, b) => Number(b.changed) - Number(a.changed) || changedKeys.indexOf(objectKey(a.namespace, a.name)) - changedKeys.indexOf(objectKey(b.namespace, b.name)) || (objectKey(a.namespace, a.name) < objectKey(b.namespace, b.name) ? -1 : 1));
  return {
    snapshot: { ...snapshot, objects: objects.filter((_, i) => !removed.has(i)) },
    allocations,
  };
}
