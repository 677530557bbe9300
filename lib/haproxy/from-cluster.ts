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

function nodeBackends(svc: Service, nodes: Node[], sp: ServicePort, id: string): HaproxyBackend[] {
  if (sp.nodePort === undefined) {
    fail('source', id, `port ${sp.port} has no nodePort (type ${svc.spec.type}): use pod mode, or make the Service NodePort/LoadBalancer`);
  }
  const nodePort = sp.nodePort;
  const out: HaproxyBackend[] = [];
  for (const n of nodes) {
    for (const a of n.status?.addresses ?? []) {
      if (a.type === 'InternalIP' && parseIp(a.address)) out.push({ name: serverName(n.metadata.name, a.address), address: a.address, port: nodePort });
    }
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

export type ClusterGenerateInput = Record<string, unknown> & { mode: HaproxyBackendMode; httpPort?: number };

/** backendsFromCluster + generateHaproxy, with the cluster warnings first. */
export function generateFromCluster(
  snapshot: ClusterSnapshot,
  service: { namespace: string; name: string },
  input: ClusterGenerateInput,
  meta: HaproxyMeta,
): HaproxyOutput {
  const { httpPort, ...rest } = input;
  for (const [field, v] of [['source.namespace', service.namespace], ['source.name', service.name]] as const) {
    const p = nameProblem(v);
    if (p) fail(field, v, p);
  }
  const found = backendsFromCluster(snapshot, { ...service, mode: input.mode, httpPort });
  const http = found.httpBackends ? { ...(typeof rest.http === 'object' && rest.http !== null ? rest.http : {}), backends: found.httpBackends } : undefined;
  const out = generateHaproxy(
    { ...rest, source: { kind: 'service', ...service }, backends: found.backends, ...(http ? { http } : {}) },
    meta,
  );
  return { ...out, warnings: [...found.warnings, ...out.warnings] };
}
