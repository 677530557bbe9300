// The health of every source edgelens reads (the Kubernetes API, its watches, pod logs, the
// CrowdSec LAPI, the edge probes, node agents): up or down since when and why, the last success,
// and an error count. One registry per process; GET /api/v1/health and /metrics read it. A change
// of state is logged once (not every failed retry), so an outage is one line and a recovery another.
import type { SourceName, SourceState } from '@/lib/model';

export const SOURCE_NAMES: readonly SourceName[] = ['kube', 'watch', 'podlogs', 'crowdsec', 'probes', 'agents'];

interface Entry {
  /** null: never tried (or not configured). */
  up: boolean | null;
  since: Date | null;
  reason: string | null;
  lastSuccess: Date | null;
  errors: number;
}

export interface SourceHealth {
  ok(source: SourceName): void;
  fail(source: SourceName, reason: string): void;
  get(source: SourceName): SourceState & { lastSuccess: string | null; errors: number };
  all(): Record<SourceName, SourceState & { lastSuccess: string | null; errors: number }>;
  /** true when any source that was tried is down. */
  degraded(): boolean;
  /** Told of every change of state (down, back); returns the unsubscribe. */
  subscribe(listener: (source: SourceName, up: boolean, reason: string | null) => void): () => void;
}

export function createSourceHealth(opts: { now?: () => Date; log?: (line: string) => void } = {}): SourceHealth {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => console.error(line));
  const listeners = new Set<(source: SourceName, up: boolean, reason: string | null) => void>();
  const tell = (source: SourceName, up: boolean, reason: string | null): void => {
    for (const l of listeners) {
      try {
        l(source, up, reason);
      } catch {
        // a listener (history) failing must not break health keeping
      }
    }
  };
  const entries = new Map<SourceName, Entry>(SOURCE_NAMES.map((s) => [s, { up: null, since: null, reason: null, lastSuccess: null, errors: 0 }]));
  const entry = (s: SourceName): Entry => {
    const e = entries.get(s);
    if (!e) throw new Error(`unknown source ${s}`);
    return e;
  };
  const view = (s: SourceName) => {
    const e = entry(s);
    return { up: e.up, since: e.since?.toISOString() ?? null, reason: e.reason, lastSuccess: e.lastSuccess?.toISOString() ?? null, errors: e.errors };
  };
  return {
    ok(source) {
      const e = entry(source);
      const t = now();
      if (e.up !== true) {
        if (e.up === false) log(`edgelens: source ${source} is back (down since ${e.since?.toISOString() ?? '?'}: ${e.reason ?? ''})`);
        e.up = true;
        e.since = t;
        e.reason = null;
        tell(source, true, null);
      }
      e.lastSuccess = t;
    },
    fail(source, reason) {
      const e = entry(source);
      e.errors += 1;
      if (e.up !== false) {
        log(`edgelens: source ${source} is down: ${reason}`);
        e.up = false;
        e.since = now();
        tell(source, false, reason);
      }
      // The latest reason is the useful one (refused → timed out); the state change was logged once.
      e.reason = reason;
    },
    get: view,
    all() {
      return Object.fromEntries(SOURCE_NAMES.map((s) => [s, view(s)])) as Record<SourceName, ReturnType<typeof view>>;
    },
    degraded() {
      return SOURCE_NAMES.some((s) => entry(s).up === false);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const KEY = Symbol.for('edgelens.source-health');
type Holder = { [KEY]?: SourceHealth };

/** The process' registry (Next.js may load this module once per route bundle). */
export function sourceHealth(): SourceHealth {
  const holder = globalThis as Holder;
  holder[KEY] ??= createSourceHealth();
  return holder[KEY];
}
