// An indexed, validated view of a ClusterSnapshot. Known kinds go through
// their zod schema once; an object that does not fit becomes a gap (`invalid`)
// instead of an exception, so one odd object never hides the rest. Rules then
// look things up by key (Maps) instead of scanning lists.
// EndpointSlices and Pods are the bulk of a big cluster and only matter behind
// LoadBalancer Services, so only those are validated (the rest is never read).
import { z } from 'zod';
import {
  KINDS,
  ciliumL2PolicySchema,
  ciliumPoolSchema,
  endpointSliceSchema,
  leaseSchema,
  eventSchema,
  ipAddressPoolSchema,
  kubeObjectSchema,
  l2AdvertisementSchema,
  metadataSchema,
  nodeSchema,
  podSchema,
  serviceL2StatusSchema,
  serviceSchema,
  type CiliumL2Policy,
  type CiliumPool,
  type EndpointSlice,
  type Lease,
  type IPAddressPool,
  type KubeEvent,
  type KubeObject,
  type L2Advertisement,
  type Node,
  type ObjectMeta,
  type Pod,
  type Service,
  type ServiceL2Status,
} from '../model/kube';
import type { ClusterSnapshot, Gap } from '../model/cluster';

// Narrow schemas for the parts of workloads and ConfigMaps the rules read
// (lib/model keeps only what every consumer needs).
export const containerSchema = z.object({
  name: z.string(),
  image: z.string().optional(),
  command: z.array(z.string()).nullish(),
  args: z.array(z.string()).nullish(),
  env: z.array(z.object({ name: z.string(), value: z.string().nullish() })).nullish(),
  ports: z
    .array(z.object({ name: z.string().optional(), containerPort: z.number().int(), protocol: z.string().default('TCP') }))
    .nullish(),
});
export type Container = z.infer<typeof containerSchema>;

const podSpecSchema = z.object({
  containers: z.array(containerSchema).default([]),
  initContainers: z.array(containerSchema).nullish(),
});

export const workloadSchema = z.object({
  kind: z.enum(['Deployment', 'StatefulSet', 'DaemonSet']),
  metadata: metadataSchema,
  spec: z.object({
    replicas: z.number().nullish(),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()).nullish() }).nullish(),
      spec: podSpecSchema,
    }),
  }),
});
export type Workload = z.infer<typeof workloadSchema>;

export const configMapSchema = z.object({
  kind: z.literal('ConfigMap'),
  metadata: metadataSchema,
  data: z.record(z.string(), z.string()).nullish(),
});
export type ConfigMap = z.infer<typeof configMapSchema>;

/** A validated view and the object it came from (rules such as lb-ip-referenced search the raw object). */
export interface Entry<T> {
  view: T;
  raw: KubeObject;
}
export interface PodEntry extends Entry<Pod> {
  containers: Container[];
}

export interface Inventory {
  objects: readonly KubeObject[];
  /** Key `namespace/name`. */
  services: Map<string, Entry<Service>>;
  /** Key: the owning LoadBalancer Service's `namespace/name` (label kubernetes.io/service-name). */
  slicesByService: Map<string, Entry<EndpointSlice>[]>;
  nodes: Map<string, Entry<Node>>;
  /** Key `namespace/name`: the pods that LoadBalancer Services' EndpointSlices point at. */
  pods: Map<string, PodEntry>;
  /** Key `Kind/namespace/name` of the involved object. */
  eventsByObject: Map<string, KubeEvent[]>;
  /** Key: the announced Service's `namespace/name`. */
  l2StatusesByService: Map<string, Entry<ServiceL2Status>[]>;
  l2Advertisements: Entry<L2Advertisement>[];
  pools: Entry<IPAddressPool>[];
  configMaps: Entry<ConfigMap>[];
  /** Deployments, StatefulSets, DaemonSets by namespace. */
  workloadsByNamespace: Map<string, Entry<Workload>[]>;
  /** Key `namespace/name` of the Lease. */
  leases: Map<string, Entry<Lease>>;
  /** Key: the Lease's name (implementations choose the namespace; node Leases make this list long). */
  leasesByName: Map<string, Entry<Lease>[]>;
  ciliumPolicies: Entry<CiliumL2Policy>[];
  ciliumPools: Entry<CiliumPool>[];
  /** k3s ServiceLB: key = the Service's `namespace/name` (DaemonSet labels svccontroller.k3s.cattle.io/svcname, svcnamespace). */
  svclbDaemonSets: Map<string, Entry<Workload>[]>;
  /** k3s ServiceLB pods (the masquerading svclb-* pods) by the Service they serve. */
  svclbPods: Map<string, Array<{ name: string; namespace: string; node: string | null; ip: string | null; phase: string | null }>>;
  /** Objects of kinds edgelens has no schema for (Ingress, CronJob, …), kept for the IP literal search. */
  others: KubeObject[];
  /** Kinds present in the snapshot (so a rule can tell "none" from "not read"). */
  kinds: Set<string>;
  gaps: Gap[];
}

export function objectKey(namespace: string | null | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
export function eventKey(kind: string, namespace: string | null | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}
export function displayName(meta: ObjectMeta): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

const GROUP_OF: Record<string, string> = Object.fromEntries([
  ...KINDS.map((k) => [k.kind, k.group] as const),
  ['StatefulSet', 'apps'],
]);

/** k3s ServiceLB labels on its DaemonSets and pods (k3s pkg/cloudprovider/servicelb.go, program "k3s"). */
export const SVCLB_NAME_LABEL = 'svccontroller.k3s.cattle.io/svcname';
export const SVCLB_NAMESPACE_LABEL = 'svccontroller.k3s.cattle.io/svcnamespace';

function svclbOwner(labels: unknown): string | null {
  if (typeof labels !== 'object' || labels === null) return null;
  const l = labels as Record<string, unknown>;
  const name = l[SVCLB_NAME_LABEL];
  const ns = l[SVCLB_NAMESPACE_LABEL];
  return typeof name === 'string' && typeof ns === 'string' ? objectKey(ns, name) : null;
}

/** Kind names are not unique across groups (Knative has a `Service`): check the group too. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'does not match the expected shape';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function hasEnvelope(o: KubeObject): boolean {
  const meta: unknown = o.metadata;
  return (
    typeof o.apiVersion === 'string' &&
    typeof o.kind === 'string' &&
    typeof meta === 'object' &&
    meta !== null &&
    typeof (meta as { name?: unknown }).name === 'string'
  );
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function buildInventory(snapshot: ClusterSnapshot): Inventory {
  const inv: Inventory = {
    objects: snapshot.objects,
    services: new Map(),
    slicesByService: new Map(),
    nodes: new Map(),
    pods: new Map(),
    eventsByObject: new Map(),
    l2StatusesByService: new Map(),
    l2Advertisements: [],
    pools: [],
    configMaps: [],
    workloadsByNamespace: new Map(),
    leases: new Map(),
    leasesByName: new Map(),
    ciliumPolicies: [],
    ciliumPools: [],
    svclbDaemonSets: new Map(),
    svclbPods: new Map(),
    others: [],
    kinds: new Set(),
    gaps: [],
  };

  const invalid = (raw: KubeObject, error: z.ZodError): void => {
    inv.gaps.push({ kind: raw.kind, reason: 'invalid', detail: `${raw.kind} ${displayName(raw.metadata)}: ${firstIssue(error)}` });
  };
  function parse<T>(schema: z.ZodType<T>, raw: KubeObject): T | null {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    invalid(raw, r.error);
    return null;
  }

  // Deferred until the LoadBalancer Services are known (objects come in any order).
  const rawSlices = new Map<string, KubeObject[]>();
  const rawPods = new Map<string, KubeObject>();

  for (const candidate of snapshot.objects) {
    // Snapshots from other producers may not have been validated: check the envelope too.
    // (a cheap structural check: a full schema pass over every object would cost more than the analysis).
    if (!hasEnvelope(candidate)) {
      const envelope = kubeObjectSchema.safeParse(candidate);
      inv.gaps.push({
        kind: typeof candidate.kind === 'string' ? candidate.kind : 'unknown',
        reason: 'invalid',
        detail: `object without apiVersion/kind/metadata.name: ${envelope.success ? 'bad envelope' : firstIssue(envelope.error)}`,
      });
      continue;
    }
    const raw = candidate;
    inv.kinds.add(raw.kind);
    const expectedGroup = GROUP_OF[raw.kind];
    if (expectedGroup === undefined || groupOf(raw.apiVersion) !== expectedGroup) {
      inv.others.push(raw);
      continue;
    }
    const ns = raw.metadata.namespace ?? 'default';
    switch (raw.kind) {
      case 'Service': {
        const view = parse(serviceSchema, raw);
        if (view) inv.services.set(objectKey(ns, view.metadata.name), { view, raw });
        break;
      }
      case 'EndpointSlice': {
        const labels: unknown = raw.metadata.labels;
        const owner = typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>)['kubernetes.io/service-name'] : undefined;
        if (typeof owner === 'string') push(rawSlices, objectKey(ns, owner), raw);
        break;
      }
      case 'Node': {
        const view = parse(nodeSchema, raw);
        if (view) inv.nodes.set(view.metadata.name, { view, raw });
        break;
      }
      case 'Pod': {
        rawPods.set(objectKey(ns, raw.metadata.name), raw);
        // svclb pods are few and named as the SNAT source of ServiceLB: read just their node and IP.
        const owner = svclbOwner(raw.metadata.labels);
        if (owner) {
          const r = podSchema.safeParse(raw);
          if (r.success) push(inv.svclbPods, owner, { name: r.data.metadata.name, namespace: ns, node: r.data.spec?.nodeName ?? null, ip: r.data.status?.podIP ?? null, phase: r.data.status?.phase ?? null });
        }
        break;
      }
      case 'Lease': {
        const view = parse(leaseSchema, raw);
        if (!view) break;
        inv.leases.set(objectKey(ns, view.metadata.name), { view, raw });
        push(inv.leasesByName, view.metadata.name, { view, raw });
        break;
      }
      case 'CiliumL2AnnouncementPolicy': {
        const view = parse(ciliumL2PolicySchema, raw);
        if (view) inv.ciliumPolicies.push({ view, raw });
        break;
      }
      case 'CiliumLoadBalancerIPPool': {
        const view = parse(ciliumPoolSchema, raw);
        if (view) inv.ciliumPools.push({ view, raw });
        break;
      }
      case 'Event': {
        const view = parse(eventSchema, raw);
        if (!view) break;
        const io = view.involvedObject;
        if (io.kind && io.name) push(inv.eventsByObject, eventKey(io.kind, io.namespace ?? ns, io.name), view);
        break;
      }
      case 'ServiceL2Status': {
        const view = parse(serviceL2StatusSchema, raw);
        if (!view) break;
        const labels = view.metadata.labels ?? {};
        const svcName = view.status?.serviceName ?? labels['metallb.io/service-name'];
        const svcNs = view.status?.serviceNamespace ?? labels['metallb.io/service-namespace'];
        if (svcName && svcNs) push(inv.l2StatusesByService, objectKey(svcNs, svcName), { view, raw });
        break;
      }
      case 'L2Advertisement': {
        const view = parse(l2AdvertisementSchema, raw);
        if (view) inv.l2Advertisements.push({ view, raw });
        break;
      }
      case 'IPAddressPool': {
        const view = parse(ipAddressPoolSchema, raw);
        if (view) inv.pools.push({ view, raw });
        break;
      }
      case 'ConfigMap': {
        const view = parse(configMapSchema, raw);
        if (view) inv.configMaps.push({ view, raw });
        break;
      }
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet': {
        const view = parse(workloadSchema, raw);
        if (!view) break;
        push(inv.workloadsByNamespace, ns, { view, raw });
        const owner = view.kind === 'DaemonSet' ? svclbOwner(view.metadata.labels) : null;
        if (owner) push(inv.svclbDaemonSets, owner, { view, raw });
        break;
      }
      default:
        inv.others.push(raw);
    }
  }

  for (const [key, { view: svc }] of inv.services) {
    if (!isLoadBalancer(svc)) continue;
    for (const raw of rawSlices.get(key) ?? []) {
      const view = parse(endpointSliceSchema, raw);
      if (!view) continue;
      push(inv.slicesByService, key, { view, raw });
      for (const ep of view.endpoints ?? []) {
        const ref = ep.targetRef;
        if (!ref?.name || (ref.kind && ref.kind !== 'Pod')) continue;
        const podKey = objectKey(ref.namespace ?? view.metadata.namespace ?? 'default', ref.name);
        const podRaw = rawPods.get(podKey);
        if (!podRaw || inv.pods.has(podKey)) continue;
        rawPods.delete(podKey); // validate each pod once, even when several slices list it
        const pod = parse(podSchema, podRaw);
        if (!pod) continue;
        const spec = podSpecSchema.safeParse((podRaw as { spec?: unknown }).spec ?? {});
        if (!spec.success) invalid(podRaw, spec.error);
        inv.pods.set(podKey, { view: pod, raw: podRaw, containers: spec.success ? spec.data.containers : [] });
      }
    }
  }
  return inv;
}

// ---- MetalLB annotations -------------------------------------------------

const PREFIX = 'metallb.io/';
const LEGACY_PREFIX = 'metallb.universe.tf/';

export interface AnnotationValue {
  value: string;
  /** The annotation that supplied the value, for evidence. */
  key: string;
}

/** A MetalLB annotation by short name; `metallb.io/` wins over the legacy `metallb.universe.tf/`. */
export function metallbAnnotation(meta: ObjectMeta, name: string): AnnotationValue | null {
  const a = meta.annotations ?? {};
  const current = a[PREFIX + name];
  if (current !== undefined) return { value: current, key: PREFIX + name };
  const legacy = a[LEGACY_PREFIX + name];
  if (legacy !== undefined) return { value: legacy, key: LEGACY_PREFIX + name };
  return null;
}

/** IPs the Service asks MetalLB for: `loadBalancerIPs` (comma list) and `spec.loadBalancerIP`. */
export function requestedIps(svc: Service): string[] {
  const out: string[] = [];
  const ann = metallbAnnotation(svc.metadata, 'loadBalancerIPs');
  for (const part of ann?.value.split(',') ?? []) {
    const ip = part.trim();
    if (ip && !out.includes(ip)) out.push(ip);
  }
  const legacyField = svc.spec.loadBalancerIP?.trim();
  if (legacyField && !out.includes(legacyField)) out.push(legacyField);
  return out;
}

export function sharingKey(svc: Service): string | null {
  const v = metallbAnnotation(svc.metadata, 'allow-shared-ip')?.value.trim();
  return v ? v : null;
}

/** The pool the Service asks for (`address-pool`) or was given (`ip-allocated-from-pool`). */
export function poolOfService(svc: Service): string | null {
  return metallbAnnotation(svc.metadata, 'ip-allocated-from-pool')?.value ?? metallbAnnotation(svc.metadata, 'address-pool')?.value ?? null;
}

export function assignedIps(svc: Service): string[] {
  const out: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip && !out.includes(ing.ip)) out.push(ing.ip);
  }
  return out;
}

export function isLoadBalancer(svc: Service): boolean {
  return svc.spec.type === 'LoadBalancer';
}

/** MetalLB handles LoadBalancers without a class, or with a class naming it (`--lb-class`). */
export function handledByMetalLB(svc: Service): boolean {
  const cls = svc.spec.loadBalancerClass;
  return cls === undefined || cls === '' || cls.toLowerCase().includes('metallb');
}

export function trafficPolicy(svc: Service): 'Cluster' | 'Local' {
  return svc.spec.externalTrafficPolicy ?? 'Cluster';
}

export function serviceKey(svc: Service): string {
  return objectKey(svc.metadata.namespace ?? 'default', svc.metadata.name);
}

// ---- Events --------------------------------------------------------------

/** When an event last happened: lastTimestamp, else eventTime, else firstTimestamp, else creation. */
export function eventTime(e: KubeEvent): number {
  for (const t of [e.lastTimestamp, e.eventTime, e.firstTimestamp, e.metadata.creationTimestamp]) {
    if (t) {
      const ms = Date.parse(t);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return Number.NEGATIVE_INFINITY;
}

export function eventTimeText(e: KubeEvent): string {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? 'unknown time';
}

export function serviceEvents(inv: Inventory, svc: Service): KubeEvent[] {
  return inv.eventsByObject.get(eventKey('Service', svc.metadata.namespace ?? 'default', svc.metadata.name)) ?? [];
}

export function newestEvent(events: readonly KubeEvent[], reason: string): KubeEvent | null {
  let best: KubeEvent | null = null;
  for (const e of events) {
    if (e.reason === reason && (best === null || eventTime(e) > eventTime(best))) best = e;
  }
  return best;
}
