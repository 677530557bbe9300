// Open watch streams: who is watching what, and turning store changes into the
// newline-delimited JSON events each watcher should see.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../lib/model/kube';
import type { FieldRequirement, LabelRequirement } from './selectors';
import { matchesFields, matchesLabels } from './selectors';
import { resourceKey, type ResourceInfo } from './resources';
import type { ChangeEvent, WatchEventType } from './store';
import type { KubeStatus } from './status';
import { toTable, type IncludeObject } from './table';

export interface Watcher {
  res: ServerResponse;
  resource: ResourceInfo;
  namespace: string | undefined;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  /** Send each event object as a one-row Table (kubectl get -w). */
  table: { include: IncludeObject; now: () => Date } | null;
  sentColumns: boolean;
  timer?: NodeJS.Timeout;
}

export function watcherMatches(w: Watcher, o: KubeObject, resource: ResourceInfo): boolean {
  if (resourceKey(resource) !== resourceKey(w.resource)) return false;
  if (w.namespace !== undefined && o.metadata.namespace !== w.namespace) return false;
  return matchesLabels(w.labels, o.metadata.labels) && matchesFields(w.fields, o);
}

export function writeEvent(w: Watcher, type: WatchEventType, object: KubeObject): void {
  let payload: unknown = object;
  if (w.table) {
    payload = toTable(w.resource.kind, [object], { now: w.table.now(), include: w.table.include, withColumns: !w.sentColumns });
    w.sentColumns = true;
  }
  w.res.write(`${JSON.stringify({ type, object: payload })}\n`);
}

/** An ERROR event carrying a Status (e.g. 410 Expired); the stream ends after it. */
export function writeError(w: Watcher, status: KubeStatus): void {
  w.res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
}

/** What a filtered watcher sees of one change: an object entering its selector is ADDED, leaving it DELETED. */
export function eventFor(w: Watcher, ev: ChangeEvent): WatchEventType | null {
  const now = watcherMatches(w, ev.object, ev.resource);
  if (ev.type === 'MODIFIED') {
    const before = ev.previous ? watcherMatches(w, ev.previous, ev.resource) : false;
    if (before && now) return 'MODIFIED';
    if (now) return 'ADDED';
    if (before) return 'DELETED';
    return null;
  }
  return now ? ev.type : null;
}

export class WatchHub {
  private watchers = new Set<Watcher>();

  add(w: Watcher): void {
    this.watchers.add(w);
  }

  remove(w: Watcher): void {
    if (w.timer) clearTimeout(w.timer);
    this.watchers.delete(w);
  }

  publish(events: readonly ChangeEvent[]): void {
    for (const w of this.watchers) {
      for (const ev of events) {
        const type = eventFor(w, ev);
        if (type) writeEvent(w, type, ev.object);
      }
    }
  }

  /** Ends every open watch (server shutdown). */
  closeAll(): void {
    for (const w of this.watchers) {
      this.remove(w);
      w.res.end();
    }
  }
}
