// The lab's object store: the current scenario's objects with resourceVersions,
// and the change history that watches replay. Replacing the object set (a
// scenario switch) yields ADDED/MODIFIED/DELETED events, like etcd would.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../lib/model/kube';
import { buildRegistry, resourceFor, resourceKey, splitApiVersion, type ResourceInfo } from './resources';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredObject {
  resource: ResourceInfo;
  object: KubeObject;
}

export interface ChangeEvent {
  type: WatchEventType;
  resource: ResourceInfo;
  /** The object after the change (for DELETED: the last state, with the deletion's resourceVersion). */
  object: KubeObject;
  /** The object before a MODIFIED, so a selector-filtered watch can turn it into ADDED/DELETED. */
  previous?: KubeObject;
  rv: number;
}

const HISTORY_LIMIT = 5000;

function objectKey(o: KubeObject): string {
  return `${splitApiVersion(o.apiVersion).group}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
}

/** A stable UUID-shaped uid, so the same object keeps its uid across scenario switches. */
function stableUid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** JSON with sorted keys, ignoring metadata.resourceVersion: "did this object change?" */
function fingerprint(o: KubeObject): string {
  const strip = { ...o, metadata: { ...o.metadata, resourceVersion: undefined } };
  return JSON.stringify(strip, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Adds Namespace objects for namespaces that objects use but the file does not define. */
function withNamespaces(objects: readonly KubeObject[]): KubeObject[] {
  const defined = new Set(objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1').map((o) => o.metadata.name));
  const used = new Set(['default']);
  for (const o of objects) if (o.metadata.namespace) used.add(o.metadata.namespace);
  const extra = [...used]
    .filter((n) => !defined.has(n))
    .sort()
    .map((name): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
  return [...objects, ...extra];
}

export class ObjectStore {
  private rv = 1;
  private objects = new Map<string, StoredObject>();
  private fingerprints = new Map<string, string>();
  private history: ChangeEvent[] = [];
  /** Watches may resume from any resourceVersion >= this; older ones get 410 Expired. */
  private oldestResumable = 1;
  registry: ResourceInfo[] = buildRegistry([]);

  /** The initial load is not a change: it sets the state that watches start from. */
  constructor(initial: readonly KubeObject[]) {
    this.apply(initial, false);
    this.oldestResumable = this.rv;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get oldestResourceVersion(): number {
    return this.oldestResumable;
  }

  /** Replaces every object; returns the change events, already recorded for watch resumption. */
  replace(input: readonly KubeObject[]): ChangeEvent[] {
    const events = this.apply(input, true);
    this.history.push(...events);
    if (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.splice(0, this.history.length - HISTORY_LIMIT);
      this.oldestResumable = dropped[dropped.length - 1]?.rv ?? this.oldestResumable;
    }
    return events;
  }

  private apply(input: readonly KubeObject[], emit: boolean): ChangeEvent[] {
    const all = withNamespaces(input.map((o) => structuredClone(o)));
    const registry = buildRegistry(all);
    const next = new Map<string, KubeObject>();
    for (const o of all) next.set(objectKey(o), o);

    const events: ChangeEvent[] = [];
    // Deletions use the old registry entry: the resource may vanish from discovery with them.
    for (const [key, old] of this.objects) {
      if (next.has(key)) continue;
      this.rv++;
      const object = { ...old.object, metadata: { ...old.object.metadata, resourceVersion: String(this.rv) } };
      events.push({ type: 'DELETED', resource: old.resource, object, rv: this.rv });
      this.objects.delete(key);
      this.fingerprints.delete(key);
    }
    this.registry = registry;
    for (const [key, o] of next) {
      const resource = resourceFor(registry, o);
      if (!resource) continue;
      const print = fingerprint({ ...o, metadata: { ...o.metadata, uid: o.metadata.uid ?? stableUid(key) } });
      const old = this.objects.get(key);
      if (old && this.fingerprints.get(key) === print) {
        this.objects.set(key, { resource, object: old.object });
        continue;
      }
      this.rv++;
      const object: KubeObject = { ...o, metadata: { ...o.metadata, uid: o.metadata.uid ?? stableUid(key), resourceVersion: String(this.rv) } };
      this.objects.set(key, { resource, object });
      this.fingerprints.set(key, print);
      if (emit) events.push({ type: old ? 'MODIFIED' : 'ADDED', resource, object, previous: old?.object, rv: this.rv });
    }
    return events;
  }

  /** Events with rv > `after`, oldest first. */
  eventsSince(after: number): ChangeEvent[] {
    return this.history.filter((e) => e.rv > after);
  }

  /** Objects of one resource, optionally in one namespace, sorted like etcd keys (namespace, name). */
  list(resource: ResourceInfo, namespace?: string): KubeObject[] {
    const key = resourceKey(resource);
    const out: KubeObject[] = [];
    for (const s of this.objects.values()) {
      if (resourceKey(s.resource) !== key) continue;
      if (namespace !== undefined && s.object.metadata.namespace !== namespace) continue;
      out.push(s.object);
    }
    return out.sort((a, b) => {
      const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
  }

  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.list(resource, namespace).find((o) => o.metadata.name === name);
  }

  /** Every stored object (for log generation: node IPs, pods). */
  all(): KubeObject[] {
    return [...this.objects.values()].map((s) => s.object);
  }
}
