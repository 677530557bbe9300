// Server-side printing (meta.k8s.io/v1 Table), so `kubectl get` shows the same
// columns against the lab as against a real cluster (EXTERNAL-IP, PORT(S), …).
import type { KubeObject } from '../lib/model/kube';

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean';
  format: string;
  description: string;
  priority: number;
}

export interface KubeTable {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumn[];
  rows: { cells: unknown[]; object?: unknown }[];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function at(obj: unknown, ...keys: (string | number)[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, dflt = ''): string => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : dflt);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** kubectl's duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 60 * 2) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 60 * 3) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`;
  if (h < 24 * 365 * 8) {
    const dy = Math.floor(h / 24) % 365;
    return dy === 0 ? `${Math.floor(h / 24 / 365)}y` : `${Math.floor(h / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(h / 24 / 365)}y`;
}

function age(ts: unknown, now: Date): string {
  if (typeof ts !== 'string') return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

interface Col {
  name: string;
  type?: TableColumn['type'];
  priority?: number;
  cell: (o: KubeObject, now: Date) => unknown;
}

const NAME: Col = { name: 'Name', cell: (o) => o.metadata.name };
const AGE: Col = { name: 'Age', cell: (o, now) => age(o.metadata.creationTimestamp, now) };
const json = (v: unknown): string => (v === undefined || v === null ? '' : JSON.stringify(v));

function servicePorts(o: KubeObject): string {
  const ports = arr(at(o, 'spec', 'ports')).map((p) => {
    const nodePort = at(p, 'nodePort');
    const proto = str(at(p, 'protocol'), 'TCP');
    return typeof nodePort === 'number' ? `${num(at(p, 'port'))}:${nodePort}/${proto}` : `${num(at(p, 'port'))}/${proto}`;
  });
  return ports.length ? ports.join(',') : '<none>';
}

function externalIP(o: KubeObject): string {
  const type = str(at(o, 'spec', 'type'), 'ClusterIP');
  const external = arr(at(o, 'spec', 'externalIPs')).map((v) => str(v));
  if (type === 'LoadBalancer') {
    const ingress = arr(at(o, 'status', 'loadBalancer', 'ingress')).map((i) => str(at(i, 'ip')) || str(at(i, 'hostname')));
    const all = [...ingress, ...external].filter(Boolean);
    return all.length ? all.join(',') : '<pending>';
  }
  if (type === 'ExternalName') return str(at(o, 'spec', 'externalName'), '<none>');
  return external.length ? external.join(',') : '<none>';
}

function labelsText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return '<none>';
  const parts = Object.entries(v).map(([k, val]) => `${k}=${str(val)}`);
  return parts.length ? parts.join(',') : '<none>';
}

function podStatus(o: KubeObject): string {
  const reason = str(at(o, 'status', 'reason'));
  if (at(o, 'metadata', 'deletionTimestamp')) return 'Terminating';
  for (const cs of arr(at(o, 'status', 'containerStatuses'))) {
    const waiting = str(at(cs, 'state', 'waiting', 'reason'));
    if (waiting) return waiting;
  }
  return reason || str(at(o, 'status', 'phase'), 'Unknown');
}

function nodeStatus(o: KubeObject): string {
  const ready = arr(at(o, 'status', 'conditions')).find((c) => at(c, 'type') === 'Ready');
  const s = ready ? (at(ready, 'status') === 'True' ? 'Ready' : at(ready, 'status') === 'False' ? 'NotReady' : 'Unknown') : 'Unknown';
  return at(o, 'spec', 'unschedulable') === true ? `${s},SchedulingDisabled` : s;
}

function nodeAddress(o: KubeObject, type: string): string {
  const a = arr(at(o, 'status', 'addresses')).find((x) => at(x, 'type') === type);
  return str(at(a, 'address'), '<none>');
}

function firstThree(items: string[]): string {
  if (items.length === 0) return '<none>';
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

const COLUMNS: Record<string, Col[]> = {
  Service: [
    NAME,
    { name: 'Type', cell: (o) => str(at(o, 'spec', 'type'), 'ClusterIP') },
    { name: 'Cluster-IP', cell: (o) => str(at(o, 'spec', 'clusterIP'), '<none>') },
    { name: 'External-IP', cell: externalIP },
    { name: 'Port(s)', cell: servicePorts },
    AGE,
    { name: 'Selector', priority: 1, cell: (o) => labelsText(at(o, 'spec', 'selector')) },
  ],
  Pod: [
    NAME,
    {
      name: 'Ready',
      cell: (o) => {
        const total = arr(at(o, 'spec', 'containers')).length;
        const ready = arr(at(o, 'status', 'containerStatuses')).filter((c) => at(c, 'ready') === true).length;
        return `${ready}/${total}`;
      },
    },
    { name: 'Status', cell: podStatus },
    { name: 'Restarts', type: 'integer', cell: (o) => arr(at(o, 'status', 'containerStatuses')).reduce((n: number, c) => n + num(at(c, 'restartCount')), 0) },
    AGE,
    { name: 'IP', priority: 1, cell: (o) => str(at(o, 'status', 'podIP'), '<none>') },
    { name: 'Node', priority: 1, cell: (o) => str(at(o, 'spec', 'nodeName'), '<none>') },
    { name: 'Nominated Node', priority: 1, cell: (o) => str(at(o, 'status', 'nominatedNodeName'), '<none>') },
    { name: 'Readiness Gates', priority: 1, cell: () => '<none>' },
  ],
  Node: [
    NAME,
    { name: 'Status', cell: nodeStatus },
    {
      name: 'Roles',
      cell: (o) => {
        const roles = Object.keys(o.metadata.labels ?? {})
          .filter((k) => k.startsWith('node-role.kubernetes.io/'))
          .map((k) => k.slice('node-role.kubernetes.io/'.length));
        return roles.length ? roles.sort().join(',') : '<none>';
      },
    },
    AGE,
    { name: 'Version', cell: (o) => str(at(o, 'status', 'nodeInfo', 'kubeletVersion')) },
    { name: 'Internal-IP', priority: 1, cell: (o) => nodeAddress(o, 'InternalIP') },
    { name: 'External-IP', priority: 1, cell: (o) => nodeAddress(o, 'ExternalIP') },
    { name: 'OS-Image', priority: 1, cell: (o) => str(at(o, 'status', 'nodeInfo', 'osImage'), '<unknown>') },
    { name: 'Kernel-Version', priority: 1, cell: (o) => str(at(o, 'status', 'nodeInfo', 'kernelVersion'), '<unknown>') },
    { name: 'Container-Runtime', priority: 1, cell: (o) => str(at(o, 'status', 'nodeInfo', 'containerRuntimeVersion'), '<unknown>') },
  ],
  EndpointSlice: [
    NAME,
    { name: 'AddressType', cell: (o) => str(at(o, 'addressType')) },
    {
      name: 'Ports',
      cell: (o) => {
        const ports = arr(at(o, 'ports')).map((p) => str(at(p, 'port'), ''));
        return ports.filter(Boolean).join(',') || '<unset>';
      },
    },
    { name: 'Endpoints', cell: (o) => firstThree(arr(at(o, 'endpoints')).flatMap((e) => arr(at(e, 'addresses')).map((a) => str(a)))) },
    AGE,
  ],
  Endpoints: [
    NAME,
    {
      name: 'Endpoints',
      cell: (o) =>
        firstThree(
          arr(at(o, 'subsets')).flatMap((s) =>
            arr(at(s, 'addresses')).flatMap((a) => arr(at(s, 'ports')).map((p) => `${str(at(a, 'ip'))}:${num(at(p, 'port'))}`)),
          ),
        ),
    },
    AGE,
  ],
  Event: [
    { name: 'Last Seen', cell: (o, now) => age(at(o, 'lastTimestamp') ?? at(o, 'eventTime') ?? o.metadata.creationTimestamp, now) },
    { name: 'Type', cell: (o) => str(at(o, 'type')) },
    { name: 'Reason', cell: (o) => str(at(o, 'reason')) },
    { name: 'Object', cell: (o) => `${str(at(o, 'involvedObject', 'kind')).toLowerCase()}/${str(at(o, 'involvedObject', 'name'))}` },
    { name: 'Subobject', priority: 1, cell: (o) => str(at(o, 'involvedObject', 'fieldPath')) },
    { name: 'Source', priority: 1, cell: (o) => [str(at(o, 'source', 'component')), str(at(o, 'source', 'host'))].filter(Boolean).join(', ') },
    { name: 'Message', cell: (o) => str(at(o, 'message')) },
    { name: 'First Seen', priority: 1, cell: (o, now) => age(at(o, 'firstTimestamp') ?? at(o, 'eventTime'), now) },
    { name: 'Count', type: 'integer', priority: 1, cell: (o) => num(at(o, 'count')) },
    { name: 'Name', priority: 1, cell: (o) => o.metadata.name },
  ],
  ConfigMap: [
    NAME,
    { name: 'Data', type: 'integer', cell: (o) => Object.keys(at(o, 'data') ?? {}).length + Object.keys(at(o, 'binaryData') ?? {}).length },
    AGE,
  ],
  Namespace: [NAME, { name: 'Status', cell: (o) => str(at(o, 'status', 'phase'), 'Active') }, AGE],
  Deployment: [
    NAME,
    { name: 'Ready', cell: (o) => `${num(at(o, 'status', 'readyReplicas'))}/${num(at(o, 'spec', 'replicas') ?? 1)}` },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(at(o, 'status', 'updatedReplicas')) },
    { name: 'Available', type: 'integer', cell: (o) => num(at(o, 'status', 'availableReplicas')) },
    AGE,
  ],
  // MetalLB's CRD additionalPrinterColumns.
  ServiceL2Status: [
    NAME,
    { name: 'Allocated Node', cell: (o) => str(at(o, 'status', 'node')) },
    { name: 'Service Name', cell: (o) => str(at(o, 'status', 'serviceName')) },
    { name: 'Service Namespace', cell: (o) => str(at(o, 'status', 'serviceNamespace')) },
    AGE,
  ],
  IPAddressPool: [
    NAME,
    { name: 'Auto Assign', type: 'boolean', cell: (o) => at(o, 'spec', 'autoAssign') ?? true },
    { name: 'Avoid Buggy IPs', type: 'boolean', cell: (o) => at(o, 'spec', 'avoidBuggyIPs') ?? false },
    { name: 'Addresses', cell: (o) => json(at(o, 'spec', 'addresses')) },
    AGE,
  ],
  L2Advertisement: [
    NAME,
    { name: 'IPAddressPools', cell: (o) => json(at(o, 'spec', 'ipAddressPools')) },
    { name: 'IPAddressPool Selectors', cell: (o) => json(at(o, 'spec', 'ipAddressPoolSelectors')) },
    { name: 'Interfaces', cell: (o) => json(at(o, 'spec', 'interfaces')) },
    { name: 'Node Selectors', priority: 10, cell: (o) => json(at(o, 'spec', 'nodeSelectors')) },
    AGE,
  ],
};

function columnsFor(kind: string): Col[] {
  return COLUMNS[kind] ?? [NAME, AGE];
}

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** Renders objects of one kind as a Table; `withColumns: false` for watch events after the first. */
export function toTable(
  kind: string,
  objects: readonly KubeObject[],
  opts: { now: Date; include: IncludeObject; resourceVersion?: string; continueToken?: string; withColumns?: boolean },
): KubeTable {
  const cols = columnsFor(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: opts.resourceVersion, ...(opts.continueToken ? { continue: opts.continueToken } : {}) },
    columnDefinitions:
      opts.withColumns === false
        ? []
        : cols.map((c) => ({
            name: c.name,
            type: c.type ?? 'string',
            format: c === NAME ? 'name' : '',
            description: c.name,
            priority: c.priority ?? 0,
          })),
    rows: objects.map((o) => ({ cells: cols.map((c) => c.cell(o, opts.now)), object: rowObject(o, opts.include) })),
  };
}

/** Does this Accept header ask for server-side printing (`as=Table;g=meta.k8s.io`)? */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /;\s*g=meta\.k8s\.io/.test(part));
}
