// Derive the generator's backends from a cluster snapshot: the Traefik Service's
// ready EndpointSlice addresses × the slice port behind Service port 443 (pod mode),
// or every node's InternalIP × the Service's nodePort (nodeport mode). Missing
// pieces are reported as HaproxyInputError with a sentence a user can act on.
import {
  endpointSliceSchema,
  nodeSchema,
  serviceSchema,
  type ClusterSnapshot,
  type EndpointSlice,
  type HaproxyBackend,
  type HaproxyBackendMode,
  type HaproxyOutput,
  type Node,
  type HaproxyListener,
  type HaproxyReceiver,
  type Service,
  type ServicePort,
} from '../model';
import { generateHaproxy, type HaproxyMeta } from './generate';
import { parseIp } from './ip';
import { HaproxyInputError, escapeValue, nameProblem } from './validate';

export interface ClusterBackendQuery {
  namespace: string;
  name: string;
  mode: HaproxyBackendMode;
  /** Service port for TLS pass-through (default 443). */
  httpsPort?: number;
  /** Also derive the :80 pass-through from this Service port (e.g. 80); omitted when absent. */
  httpPort?: number;
}

export interface ClusterBackends {
  backends: HaproxyBackend[];
  /** Backends for the Service's HTTP port, when asked for and present. */
  httpBackends: HaproxyBackend[] | undefined;
  warnings: string[];
}

function fail(field: string, value: string, reason: string): never {
  throw new HaproxyInputError([{ field, value: escapeValue(value), reason }]);
}

function objectsOf<T>(snapshot: ClusterSnapshot, kind: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T[] {
  const out: T[] = [];
  for (const o of snapshot.objects) {
    if (o.kind !== kind) continue;
    const r = schema.safeParse(o);
    if (r.success) out.push(r.data);
  }
  return out;
}

function portList(svc: Service): string {
  return svc.spec.ports.map((p) => `${p.protocol}/${p.port}`).join(', ') || 'none';
}

function findPort(svc: Service, port: number, id: string): ServicePort {
  const p = svc.spec.ports.find((sp) => sp.port === port && sp.protocol === 'TCP');
  if (!p) fail('source', id, `has no TCP port ${port} (ports: ${portList(svc)})`);
  return p;
}

/** The slice port behind a Service port: same name (EndpointSlices reuse Service port names), else same number as targetPort. */
function slicePort(slice: EndpointSlice, sp: ServicePort): number | undefined {
  const ports = (slice.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number');
  const byName = ports.find((p) => (p.name ?? '') === (sp.name ?? ''));
  if (byName?.port != null) return byName.port;
  if (typeof sp.targetPort === 'number') return ports.find((p) => p.port === sp.targetPort)?.port ?? undefined;
  return undefined;
}

function serverName(base: string | null | undefined, address: string): string | undefined {
  if (!base || nameProblem(base)) return undefined; // fall back to the address-derived name
  return address.includes(':') ? `${base}-v6` : base;
}

function podBackends(svc: Service, slices: EndpointSlice[], sp: ServicePort, id: string): HaproxyBackend[] {
  const out: HaproxyBackend[] = [];
  let total = 0;
  for (const s of slices) {
    if (s.addressType === 'FQDN') continue;
    const port = slicePort(s, sp);
    for (const e of s.endpoints ?? []) {
      total += e.addresses.length;
      // Kubernetes: a nil `ready` means unknown and should be treated as ready.
      if (e.conditions?.ready === false || port === undefined) continue;
      for (const a of e.addresses) {
        if (!parseIp(a)) continue;
        out.push({ name: serverName(e.targetRef?.name, a), address: a, port });
      }
    }
  }
  if (out.length === 0) {
    const why = slices.length === 0 ? 'no EndpointSlices in the snapshot' : `${slices.length} EndpointSlice(s), ${total} address(es), none ready on port ${sp.port}`;
    fail('source', id, `has no ready endpoints (${why}); is Traefik running, and does the snapshot include endpointslices?`);
  }
  return out;
}

/**
 * Node names with a ready endpoint of the Service (EndpointSlice `nodeName`), or null when the
 * slices do not say (no slices, or endpoints without nodeName): then no node can be ruled out.
 */
function nodesWithReadyEndpoint(slices: readonly EndpointSlice[]): Set<string> | null {
  const names = new Set<string>();
  let known = false;
  for (const s of slices) {
    for (const e of s.endpoints ?? []) {
      if (!e.nodeName) continue;
      known = true;
      if (e.conditions?.ready !== false) names.add(e.nodeName);
    }
  }
  return known ? names : null;
}

function nodeBackends(svc: Service, nodes: Node[], sp: ServicePort, id: string, only: Set<string> | null = null): HaproxyBackend[] {
  if (sp.nodePort === undefined) {
    fail('source', id, `port ${sp.port} has no nodePort (type ${svc.spec.type}): use pod mode, or make the Service NodePort/LoadBalancer`);
  }
  const nodePort = sp.nodePort;
  const out: HaproxyBackend[] = [];
  for (const n of nodes) {
    if (only && !only.has(n.metadata.name)) continue;
    for (const a of n.status?.addresses ?? []) {
      if (a.type === 'InternalIP' && parseIp(a.address)) out.push({ name: serverName(n.metadata.name, a.address), address: a.address, port: nodePort });
    }
  }
  if (out.length === 0 && only) {
    fail('source', id, `has externalTrafficPolicy: Local and no node with a ready endpoint (${only.size === 0 ? 'no ready endpoints' : `ready on ${[...only].join(', ')}, which have no InternalIP in the snapshot`}); nothing could serve it through a NodePort`);
  }
  if (out.length === 0) fail('source', id, 'nodeport mode needs Node objects with an InternalIP address in the snapshot; none were found');
  return out;
}

export function backendsFromCluster(snapshot: ClusterSnapshot, q: ClusterBackendQuery): ClusterBackends {
  const id = `${q.namespace}/${q.name}`;
  const svc = objectsOf(snapshot, 'Service', serviceSchema).find((s) => s.metadata.name === q.name && (s.metadata.namespace ?? 'default') === q.namespace);
  if (!svc) fail('source', id, 'is not a Service in the snapshot (check the namespace/name, and that services were read)');
  const warnings: string[] = [];
  const resolve = (port: number): HaproxyBackend[] => {
    const sp = findPort(svc, port, id);
    if (q.mode === 'pod') {
      const slices = objectsOf(snapshot, 'EndpointSlice', endpointSliceSchema).filter(
        (s) => (s.metadata.namespace ?? 'default') === q.namespace && s.metadata.labels?.['kubernetes.io/service-name'] === q.name,
      );
      return podBackends(svc, slices, sp, id);
    }
    return nodeBackends(svc, objectsOf(snapshot, 'Node', nodeSchema), sp, id);
  };
  const backends = resolve(q.httpsPort ?? 443);
  let httpBackends: HaproxyBackend[] | undefined;
  if (q.httpPort !== undefined) {
    if (svc.spec.ports.some((p) => p.port === q.httpPort && p.protocol === 'TCP')) httpBackends = resolve(q.httpPort);
    else warnings.push(`Service ${id} has no TCP port ${q.httpPort}; the :80 pass-through was left out.`);
  }
  if (q.mode === 'nodeport' && (svc.spec.externalTrafficPolicy ?? 'Cluster') === 'Cluster') {
    warnings.push(
      `Service ${id} has externalTrafficPolicy: Cluster. Through a NodePort, kube-proxy will SNAT HAProxy's connections and Traefik will ignore the PROXY headers; set externalTrafficPolicy: Local (or use pod mode).`,
    );
  }
  return { backends, httpBackends, warnings };
}

export type ClusterGenerateInput = Record<string, unknown> & {
  mode: HaproxyBackendMode;
  /** Also pass :80 through on a Traefik Service (kept name of the old option). */
  httpPort?: number;
  /** Service ports to serve (default: see ClusterListenersQuery.ports). */
  ports?: number[];
  receiver?: HaproxyReceiver | 'auto';
  binds?: Array<{ address: string; port: number }>;
  entryPoint?: string;
};

/**
 * Where the user's binds go: one listener takes them as given; with several, a bind goes to
 * the listener of its port, and a listener no bind names listens on the given addresses at its
 * own Service port.
 */
function placeBinds(listeners: HaproxyListener[], binds: Array<{ address: string; port: number }> | undefined): HaproxyListener[] {
  if (!binds || binds.length === 0) return listeners;
  if (listeners.length === 1) return listeners.map((l) => ({ ...l, binds }));
  const addresses = [...new Set(binds.map((b) => b.address))];
  return listeners.map((l) => {
    const own = binds.filter((b) => b.port === l.servicePort);
    return { ...l, binds: own.length > 0 ? own : addresses.map((address) => ({ address, port: l.servicePort ?? 0 })) };
  });
}

/** listenersFromCluster + generateHaproxy, with the cluster warnings first. */
export function generateFromCluster(
  snapshot: ClusterSnapshot,
  service: { namespace: string; name: string },
  input: ClusterGenerateInput,
  meta: HaproxyMeta,
): HaproxyOutput {
  const { httpPort, ports, receiver, binds, entryPoint, http: _http, backends: _backends, ...rest } = input;
  for (const [field, v] of [['source.namespace', service.namespace], ['source.name', service.name]] as const) {
    const p = nameProblem(v);
    if (p) fail(field, v, p);
  }
  const found = listenersFromCluster(snapshot, { ...service, mode: input.mode, ports, receiver, http: httpPort !== undefined, entryPoint });
  const out = generateHaproxy(
    { ...rest, source: { kind: 'service', ...service }, listeners: placeBinds(found.listeners, binds), ...(found.ipMode ? { ipMode: found.ipMode } : {}) },
    meta,
  );
  return { ...out, warnings: [...found.warnings, ...out.warnings] };
}

// ── Any TCP Service: every TCP port (or the ones asked for), each with its receiver ──────────

const POSTFIX_PORTS = new Set([25, 465, 587]);
const DOVECOT_PORTS = new Set([110, 143, 993, 995, 4190]);
const TRAEFIK_PORT_NAMES = new Set(['web', 'websecure']);

/** The receiver behind a Service port when the user did not say: by well-known port, else Traefik-like names, else generic. */
export function guessReceiver(svc: Service, sp: ServicePort): HaproxyReceiver {
  if (POSTFIX_PORTS.has(sp.port)) return 'postfix';
  if (DOVECOT_PORTS.has(sp.port)) return 'dovecot';
  const traefikish = svc.metadata.name.includes('traefik') || svc.spec.ports.some((p) => TRAEFIK_PORT_NAMES.has(p.name ?? '')) || sp.port === 443 || sp.port === 80;
  return traefikish ? 'traefik' : 'generic';
}

export interface ClusterListenersQuery {
  namespace: string;
  name: string;
  mode: HaproxyBackendMode;
  /** Service ports to serve; default every TCP port (for a Traefik Service: 443, plus 80 with `http`). */
  ports?: number[];
  /** `auto` (default) guesses per port (guessReceiver). */
  receiver?: HaproxyReceiver | 'auto';
  /** Traefik Services: also pass :80 through when no `ports` are given (the old --http). */
  http?: boolean;
  /** Entry point for Traefik's 443 (default websecure). */
  entryPoint?: string;
  /** Bind address for each listener (default 0.0.0.0), on the Service port number. */
  bindAddress?: string;
}

export interface ClusterListeners {
  listeners: HaproxyListener[];
  ipMode: 'VIP' | 'Proxy' | undefined;
  warnings: string[];
}

function listenerName(svc: Service, sp: ServicePort, receiver: HaproxyReceiver, entryPoint: string | undefined): string {
  if (receiver === 'traefik' && sp.port === 443) return entryPoint ?? 'websecure';
  if (receiver === 'traefik' && sp.port === 80) return 'web';
  const named = sp.name && !nameProblem(sp.name) && !sp.name.includes('.') ? sp.name : null;
  return named ?? `${receiver}-${sp.port}`;
}

/** The ipMode of the Service's load-balancer ingress (KEP-1860), when it reports one. */
function ipModeOf(svc: Service): 'VIP' | 'Proxy' | undefined {
  const modes = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ipMode).filter((m): m is string => typeof m === 'string');
  if (modes.includes('Proxy')) return 'Proxy';
  if (modes.includes('VIP')) return 'VIP';
  return undefined;
}

export function listenersFromCluster(snapshot: ClusterSnapshot, q: ClusterListenersQuery): ClusterListeners {
  const id = `${q.namespace}/${q.name}`;
  const svc = objectsOf(snapshot, 'Service', serviceSchema).find((s) => s.metadata.name === q.name && (s.metadata.namespace ?? 'default') === q.namespace);
  if (!svc) fail('source', id, 'is not a Service in the snapshot (check the namespace/name, and that services were read)');
  const tcp = svc.spec.ports.filter((p) => p.protocol === 'TCP');
  if (tcp.length === 0) fail('source', id, `has no TCP port (ports: ${portList(svc)}); HAProxy here forwards TCP only`);
  const receiverFor = (p: ServicePort): HaproxyReceiver => (!q.receiver || q.receiver === 'auto' ? guessReceiver(svc, p) : q.receiver);
  let chosen: ServicePort[];
  if (q.ports && q.ports.length > 0) {
    chosen = [...new Set(q.ports)].map((port) => findPort(svc, port, id));
  } else {
    const traefik443 = tcp.some((p) => p.port === 443 && receiverFor(p) === 'traefik');
    // A Traefik Service keeps the long-standing default: 443, and 80 only when asked (--http).
    chosen = traefik443 ? tcp.filter((p) => p.port === 443 || (q.http === true && p.port === 80)) : tcp;
  }
  // Traefik's websecure first (the config's main section), the rest in Service order.
  chosen = [...chosen].sort((a, b) => Number(b.port === 443) - Number(a.port === 443));
  const slices = objectsOf(snapshot, 'EndpointSlice', endpointSliceSchema).filter(
    (s) => (s.metadata.namespace ?? 'default') === q.namespace && s.metadata.labels?.['kubernetes.io/service-name'] === q.name,
  );
  const nodes = objectsOf(snapshot, 'Node', nodeSchema);
  const etpLocal = (svc.spec.externalTrafficPolicy ?? 'Cluster') === 'Local';
  const warnings: string[] = [];
  const readyNodes = q.mode === 'nodeport' && etpLocal ? nodesWithReadyEndpoint(slices) : null;
  const hcPort = q.mode === 'nodeport' && etpLocal ? svc.spec.healthCheckNodePort : undefined;
  if (q.mode === 'nodeport' && etpLocal && readyNodes === null) {
    warnings.push(`Service ${id}: the snapshot does not say which nodes run its endpoints (no EndpointSlices with nodeName), so every node is listed; nodes without one drop the connections until HAProxy's checks take them out.`);
  }
  if (q.mode === 'nodeport' && etpLocal && hcPort === undefined) {
    warnings.push(`Service ${id} has no healthCheckNodePort (kube-proxy opens one only for type LoadBalancer with externalTrafficPolicy: Local), so HAProxy falls back to TCP checks on the NodePort, which kube-proxy drops silently on a node without an endpoint: slow to notice.`);
  }
  if (q.mode === 'nodeport' && !etpLocal) {
    warnings.push(
      `Service ${id} has externalTrafficPolicy: Cluster. Through a NodePort, kube-proxy will SNAT HAProxy's connections and the receiver will ignore the PROXY headers; set externalTrafficPolicy: Local (or use pod mode).`,
    );
  }
  const bindAddress = q.bindAddress ?? '0.0.0.0';
  const listeners = chosen.map((sp): HaproxyListener => {
    const receiver = receiverFor(sp);
    const backends = q.mode === 'pod' ? podBackends(svc, slices, sp, id) : nodeBackends(svc, nodes, sp, id, readyNodes);
    return {
      name: listenerName(svc, sp, receiver, q.entryPoint),
      receiver,
      servicePort: sp.port,
      binds: [{ address: bindAddress, port: sp.port }],
      backends,
      ...(hcPort !== undefined ? { healthCheck: { port: hcPort, path: '/healthz' } } : {}),
    };
  });
  return { listeners, ipMode: ipModeOf(svc), warnings };
}
