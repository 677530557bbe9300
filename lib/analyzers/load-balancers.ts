// LoadBalancer Services grouped by IP, with the implementation that handles
// them, who announces each IP (or which nodes accept it) and which nodes hold
// ready endpoints. This is the table the user sees first and the input most
// rules read. Everything implementation-specific comes from lib/analyzers/lb.
import type { LbService, LoadBalancer } from '../model/cluster';
import type { EndpointSlice, Service } from '../model/kube';
import { assignedIps, isLoadBalancer, serviceKey, trafficPolicy, type Entry, type Inventory } from './inventory';
import { compareIps } from './ip';
import { httpReasons, quicPorts } from './ports';
import { adapterById, detectImplementation, type Detection, type LbAdapter } from './lb/index';
import type { AnnouncerDetail, HolderSet } from './lb/types';

export type { AnnouncerDetail } from './lb/types';

export interface ReadyEndpoint {
  /** Pod name (targetRef) or first address when there is no targetRef. */
  name: string;
  node: string | null;
  addresses: string[];
  slice: string;
}

export interface SliceSummary {
  name: string;
  total: number;
  ready: number;
  readyNodes: string[];
}

export interface ServiceEndpoints {
  ready: ReadyEndpoint[];
  nodes: string[];
  slices: SliceSummary[];
}

export interface LoadBalancerAnalysis {
  /** Sorted by IP numerically; services inside by namespace/name. */
  loadBalancers: LoadBalancer[];
  announcers: Map<string, AnnouncerDetail>;
  /** Key: Service `namespace/name` → what its own ServiceL2Status or events say (evidence that names the right Service). */
  serviceAnnouncers: Map<string, AnnouncerDetail>;
  /** Key: Service `namespace/name`; present for every LoadBalancer Service. */
  endpoints: Map<string, ServiceEndpoints>;
  /** Services of each IP, key `namespace/name` → Service. */
  servicesByIp: Map<string, Array<Entry<Service>>>;
  /** Key: Service `namespace/name` → the implementation that handles it and why edgelens says so (every LoadBalancer Service). */
  implementations: Map<string, Detection>;
  /** Key: Service `namespace/name` → nodes that accept its traffic (implementations without a single holder). */
  holders: Map<string, HolderSet>;
}

/** The adapter of a load balancer entry (rules ask it for the implementation's rules and words). */
export function adapterOf(lb: Pick<LoadBalancer, 'implementation'>): LbAdapter {
  return adapterById(lb.implementation ?? 'metallb');
}

/** Ready = `ready` not false (nil means ready, per the EndpointSlice API) and not terminating. */
export function isReady(conditions: { ready?: boolean | null; terminating?: boolean | null } | null | undefined): boolean {
  return conditions?.ready !== false && conditions?.terminating !== true;
}

export function summarizeEndpoints(slices: ReadonlyArray<Entry<EndpointSlice>>): ServiceEndpoints {
  const ready = new Map<string, ReadyEndpoint>();
  const summaries: SliceSummary[] = [];
  for (const { view } of slices) {
    const readyNodes = new Set<string>();
    let total = 0;
    let readyCount = 0;
    for (const ep of view.endpoints ?? []) {
      total++;
      if (!isReady(ep.conditions)) continue;
      readyCount++;
      if (ep.nodeName) readyNodes.add(ep.nodeName);
      // Dual-stack services have one slice per family listing the same pods: count pods once.
      const ref = ep.targetRef?.name ? `${ep.targetRef.kind ?? 'Pod'}/${ep.targetRef.namespace ?? ''}/${ep.targetRef.name}` : `addr/${ep.addresses[0] ?? ''}`;
      if (!ready.has(ref)) {
        ready.set(ref, { name: ep.targetRef?.name ?? ep.addresses[0] ?? '?', node: ep.nodeName ?? null, addresses: ep.addresses, slice: view.metadata.name });
      }
    }
    summaries.push({ name: view.metadata.name, total, ready: readyCount, readyNodes: [...readyNodes].sort() });
  }
  const readyList = [...ready.values()];
  const nodes = [...new Set(readyList.flatMap((e) => (e.node ? [e.node] : [])))].sort();
  summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { ready: readyList, nodes, slices: summaries };
}

function portLabel(p: { protocol: string; port: number }): string {
  return `${p.protocol}/${p.port}`;
}

function ipModeFor(svc: Service, ip: string): string | null {
  return svc.status?.loadBalancer?.ingress?.find((i) => i.ip === ip)?.ipMode ?? null;
}

interface Member {
  entry: Entry<Service>;
  state: 'assigned' | 'requested';
}

export function analyzeLoadBalancers(inv: Inventory): LoadBalancerAnalysis {
  // Key "implementation|ip": two implementations claiming one address are two entries (and a conflict to see).
  const groups = new Map<string, { ip: string; adapter: LbAdapter; members: Member[] }>();
  const endpoints = new Map<string, ServiceEndpoints>();
  const implementations = new Map<string, Detection>();
  const holders = new Map<string, HolderSet>();

  for (const [key, entry] of inv.services) {
    const svc = entry.view;
    if (!isLoadBalancer(svc)) continue;
    const detection = detectImplementation(svc, inv);
    implementations.set(key, detection);
    endpoints.set(key, summarizeEndpoints(inv.slicesByService.get(key) ?? []));
    const adapter = detection.adapter;
    const assigned = assignedIps(svc);
    if (adapter.holders) {
      // No single address of its own (k3s ServiceLB publishes node addresses): one entry per Service.
      const set = adapter.holders(inv, svc);
      if (set) holders.set(key, set);
      const ip = assigned[0];
      if (ip) groups.set(`${adapter.id}|svc|${key}`, { ip, adapter, members: [{ entry, state: 'assigned' }] });
      continue;
    }
    const ips = assigned.length > 0 ? assigned : adapter.requestedIps(svc);
    const state = assigned.length > 0 ? 'assigned' : 'requested';
    for (const ip of ips) {
      const g = groups.get(`${adapter.id}|${ip}`);
      if (g) g.members.push({ entry, state });
      else groups.set(`${adapter.id}|${ip}`, { ip, adapter, members: [{ entry, state }] });
    }
  }

  const announcers = new Map<string, AnnouncerDetail>();
  const serviceAnnouncers = new Map<string, AnnouncerDetail>();
  const loadBalancers: LoadBalancer[] = [];
  const byIp = new Map<string, Array<Entry<Service>>>();
  const ordered = [...groups.values()].sort((a, b) => compareIps(a.ip, b.ip) || (a.adapter.id < b.adapter.id ? -1 : a.adapter.id > b.adapter.id ? 1 : 0));

  for (const { ip, adapter, members: unsorted } of ordered) {
    const members = unsorted.sort((a, b) => compareKeys(serviceKey(a.entry.view), serviceKey(b.entry.view)));
    // Node addresses (ServiceLB) are not load-balancer IPs to search for or cut over.
    if (!adapter.holders) byIp.set(ip, [...(byIp.get(ip) ?? []), ...members.map((m) => m.entry)]);
    const assignedMembers = members.filter((m) => m.state === 'assigned').map((m) => m.entry.view);
    const announcer = adapter.announcer(inv, ip, assignedMembers);
    if (announcer) announcers.set(ip, announcer);
    for (const svc of assignedMembers) {
      const own = assignedMembers.length === 1 ? announcer : adapter.announcer(inv, ip, [svc]);
      if (own) serviceAnnouncers.set(serviceKey(svc), own);
    }

    const services: LbService[] = members.map(({ entry, state }) => {
      const svc = entry.view;
      const eps = endpoints.get(serviceKey(svc)) ?? { ready: [], nodes: [], slices: [] };
      return {
        namespace: svc.metadata.namespace ?? 'default',
        name: svc.metadata.name,
        externalTrafficPolicy: trafficPolicy(svc),
        sharingKey: adapter.sharingKey(svc),
        ports: svc.spec.ports.map(portLabel),
        // One port classification (ports.ts) for the rules, the three answers and the page.
        webPorts: [...new Set(httpReasons(svc).map((r) => r.port))],
        quicPorts: quicPorts(svc).map(portLabel),
        readyEndpoints: eps.ready.length,
        endpointNodes: eps.nodes,
        selector: svc.spec.selector ?? null,
        state,
        ipMode: state === 'assigned' ? ipModeFor(svc, ip) : null,
      };
    });
    const first = members[0]?.entry.view;
    const held = adapter.holders && first ? holders.get(serviceKey(first)) : undefined;
    loadBalancers.push({
      ip,
      announcer: announcer ? { node: announcer.node, source: announcer.source } : null,
      services,
      pool: adapter.poolOf(inv, ip, members.map((m) => m.entry.view)),
      implementation: adapter.id,
      ...(held ? { holders: held.nodes, via: held.from } : announcer ? { via: announcer.object } : {}),
    });
  }
  return { loadBalancers, announcers, serviceAnnouncers, endpoints, servicesByIp: byIp, implementations, holders };
}

export function buildLoadBalancers(inv: Inventory): LoadBalancer[] {
  return analyzeLoadBalancers(inv).loadBalancers;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
