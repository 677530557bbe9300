// LoadBalancer Services grouped by IP, with who announces each IP and which
// nodes hold ready endpoints. This is the table the user sees first and the
// input most rules read.
import type { Announcer, LbService, LoadBalancer } from '../model/cluster';
import type { Subject } from '../model/finding';
import type { EndpointSlice, KubeEvent, Service } from '../model/kube';
import { httpReasons, quicPorts } from './ports';
import {
  assignedIps,
  eventTime,
  eventTimeText,
  handledByMetalLB,
  isLoadBalancer,
  poolOfService,
  requestedIps,
  serviceEvents,
  serviceKey,
  sharingKey,
  trafficPolicy,
  type Entry,
  type Inventory,
} from './inventory';
import { compareIps, parsePoolRange, rangeContains } from './ip';

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

export interface AnnouncerDetail extends Announcer {
  /** The object that says so (a ServiceL2Status or an Event), for finding subjects. */
  object: Subject;
  evidence: string;
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
}

const NODE_ASSIGNED = /announcing from node "([^"]+)" with protocol "([^"]+)"/;

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

/** Newest `nodeAssigned` (layer2) event among the services of one IP. */
function announcerFromEvents(events: readonly KubeEvent[], ip: string): AnnouncerDetail | null {
  let best: { e: KubeEvent; node: string } | null = null;
  for (const e of events) {
    if (e.reason !== 'nodeAssigned' || !e.message) continue;
    const m = NODE_ASSIGNED.exec(e.message);
    if (!m || m[2] !== 'layer2' || !m[1]) continue;
    if (best === null || eventTime(e) > eventTime(best.e)) best = { e, node: m[1] };
  }
  if (!best) return null;
  const io = best.e.involvedObject;
  return {
    node: best.node,
    source: 'event',
    object: { kind: 'Event', namespace: best.e.metadata.namespace ?? io.namespace, name: best.e.metadata.name },
    evidence: `Event nodeAssigned on Service ${io.namespace ?? ''}/${io.name ?? ''} at ${eventTimeText(best.e)}: ${best.node} announces ${ip} (${best.e.message ?? ''})`,
  };
}

export function analyzeLoadBalancers(inv: Inventory): LoadBalancerAnalysis {
  const servicesByIp = new Map<string, Array<{ entry: Entry<Service>; state: 'assigned' | 'requested' }>>();
  const endpoints = new Map<string, ServiceEndpoints>();

  for (const [key, entry] of inv.services) {
    const svc = entry.view;
    if (!isLoadBalancer(svc) || !handledByMetalLB(svc)) continue;
    endpoints.set(key, summarizeEndpoints(inv.slicesByService.get(key) ?? []));
    const assigned = assignedIps(svc);
    const ips = assigned.length > 0 ? assigned : requestedIps(svc);
    const state = assigned.length > 0 ? 'assigned' : 'requested';
    for (const ip of ips) {
      const list = servicesByIp.get(ip);
      if (list) list.push({ entry, state });
      else servicesByIp.set(ip, [{ entry, state }]);
    }
  }

  const announcers = new Map<string, AnnouncerDetail>();
  const serviceAnnouncers = new Map<string, AnnouncerDetail>();
  const loadBalancers: LoadBalancer[] = [];
  const byIp = new Map<string, Array<Entry<Service>>>();
  const ips = [...servicesByIp.keys()].sort(compareIps);

  for (const ip of ips) {
    const members = (servicesByIp.get(ip) ?? []).sort((a, b) => compareKeys(serviceKey(a.entry.view), serviceKey(b.entry.view)));
    byIp.set(ip, members.map((m) => m.entry));
    const assignedMembers = members.filter((m) => m.state === 'assigned').map((m) => m.entry.view);
    const announcer = findAnnouncer(inv, ip, assignedMembers);
    if (announcer) announcers.set(ip, announcer);
    for (const svc of assignedMembers) {
      const own = findAnnouncer(inv, ip, [svc]);
      if (own) serviceAnnouncers.set(serviceKey(svc), own);
    }

    const services: LbService[] = members.map(({ entry, state }) => {
      const svc = entry.view;
      const eps = endpoints.get(serviceKey(svc)) ?? { ready: [], nodes: [], slices: [] };
      return {
        namespace: svc.metadata.namespace ?? 'default',
        name: svc.metadata.name,
        externalTrafficPolicy: trafficPolicy(svc),
        sharingKey: sharingKey(svc),
        ports: svc.spec.ports.map(portLabel),
        // One port classification (ports.ts) for the rules, the three answers and the page.
        webPorts: [...new Set(httpReasons(svc).map((r) => r.port))],
        quicPorts: quicPorts(svc).map(portLabel),
        readyEndpoints: eps.ready.length,
        endpointNodes: eps.nodes,
        selector: svc.spec.selector ?? null,
        state,
      };
    });
    loadBalancers.push({
      ip,
      announcer: announcer ? { node: announcer.node, source: announcer.source } : null,
      services,
      pool: poolForIp(inv, ip, members.map((m) => m.entry.view)),
    });
  }
  return { loadBalancers, announcers, serviceAnnouncers, endpoints, servicesByIp: byIp };
}

export function buildLoadBalancers(inv: Inventory): LoadBalancer[] {
  return analyzeLoadBalancers(inv).loadBalancers;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ServiceL2Status first (MetalLB ≥ 0.14.6 writes it), else the newest nodeAssigned event. */
function findAnnouncer(inv: Inventory, ip: string, services: readonly Service[]): AnnouncerDetail | null {
  for (const svc of services) {
    for (const { view } of inv.l2StatusesByService.get(serviceKey(svc)) ?? []) {
      const node = view.status?.node ?? view.metadata.labels?.['metallb.io/node'];
      if (!node) continue;
      return {
        node,
        source: 'ServiceL2Status',
        object: { kind: 'ServiceL2Status', namespace: view.metadata.namespace, name: view.metadata.name },
        evidence: `ServiceL2Status ${view.metadata.name}: ${node} announces ${ip} for ${serviceKey(svc)}`,
      };
    }
  }
  return announcerFromEvents(services.flatMap((svc) => serviceEvents(inv, svc)), ip);
}

/** The pool named by MetalLB's annotation, else the IPAddressPool whose addresses contain the IP. */
export function poolForIp(inv: Inventory, ip: string, services: readonly Service[]): string | null {
  for (const svc of services) {
    const named = poolOfService(svc);
    if (named) return named;
  }
  for (const { view } of inv.pools) {
    for (const spec of view.spec?.addresses ?? []) {
      const range = parsePoolRange(spec);
      if (range && rangeContains(range, ip)) return view.metadata.name;
    }
  }
  return null;
}
