// Tells the caller when the cluster changed, so it can re-read a snapshot.
// One client-node Watch per kind (all namespaces), resumed from the last seen
// resourceVersion, reconnected with backoff on errors, relisted on 410 Expired,
// and debounced so a burst of events (a rollout, a scenario switch) is one call.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { KINDS, type KindInfo, type KindName } from '../../lib/model/kube';
import { listPath, rawGet } from './raw-request';
import { raceDeadline } from '../common/deadline';

export interface WatchChangesOptions {
  kinds: KindName[];
  onChange: () => void;
  /** Stops every watch; watchChanges' promise resolves once they are closed. */
  signal: AbortSignal;
  /** Quiet time before onChange fires (default 300 ms); a continuous stream still fires every 10× this. */
  debounceMs?: number;
  /** Told about each failed list/watch attempt before the retry (for logs); optional. */
  onError?: (kind: KindName, err: unknown) => void;
  /** Told when a kind's watch is (re)established after a successful list; optional. */
  onConnected?: (kind: KindName) => void;
  /** Cap of the retry backoff (default 30 s); a server that wants recovery in seconds lowers it. */
  maxBackoffMs?: number;
  /** Deadline of each list request (default 10 s): a hung API server must not hold a watch forever. */
  listTimeoutMs?: number;
}

// client-node's Watch aborts a stream after 30 s without data, so ask the server
// to end each watch before that and resume from the last resourceVersion.
const WATCH_TIMEOUT_SECONDS = 25;
const MAX_BACKOFF_MS = 30_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function backoffMs(failures: number, maxMs = MAX_BACKOFF_MS): number {
  const base = Math.min(maxMs, 500 * 2 ** Math.min(failures, 10));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function statusCodeOf(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

function objectRv(obj: unknown): string | undefined {
  if (typeof obj !== 'object' || obj === null || !('metadata' in obj)) return undefined;
  const m = obj.metadata;
  return typeof m === 'object' && m !== null && 'resourceVersion' in m && typeof m.resourceVersion === 'string' ? m.resourceVersion : undefined;
}

/** The collection's current resourceVersion, the point a watch starts from. */
async function listResourceVersion(kc: KubeConfig, k: KindInfo, signal: AbortSignal): Promise<string> {
  const { status, text } = await rawGet(kc, `${listPath(k)}?limit=1`, signal);
  if (status !== 200) throw new HttpStatusError(status, `listing ${k.plural} failed with HTTP ${status}`);
  const rv = objectRv(JSON.parse(text));
  if (!rv) throw new Error(`the list of ${k.plural} has no resourceVersion`);
  return rv;
}

interface Outcome {
  err: unknown;
  expired: boolean;
}

function watchOnce(watch: Watch, k: KindInfo, rv: string, signal: AbortSignal, onEvent: (rv: string | undefined, real: boolean) => void): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let expired = false;
    let finished = false;
    let controller: AbortController | undefined;
    const onAbort = (): void => controller?.abort();
    const finish = (err: unknown): void => {
      if (finished) return;
      finished = true;
      signal.removeEventListener('abort', onAbort);
      resolve({ err, expired });
    };
    watch
      .watch(
        listPath(k),
        { allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: WATCH_TIMEOUT_SECONDS },
        (type: string, obj: unknown) => {
          if (type === 'ERROR') {
            // 410 Expired/Gone: our resourceVersion is too old; relist.
            if (typeof obj === 'object' && obj !== null && 'code' in obj && obj.code === 410) expired = true;
            return;
          }
          onEvent(objectRv(obj), type !== 'BOOKMARK');
        },
        finish,
      )
      .then((c) => {
        controller = c;
        if (finished) return;
        if (signal.aborted) c.abort();
        else signal.addEventListener('abort', onAbort, { once: true });
      })
      .catch(finish);
  });
}

/**
 * The list must end within its deadline even when the HTTP layer does not honour the abort signal
 * (a request sent on a pooled connection to a server that restarted can wait forever): a watch that
 * never relists would never recover by itself.
 */
function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return raceDeadline(p, ms, (): never => {
    throw new Error(`listing ${what} took longer than ${ms} ms`);
  });
}

async function watchKind(kc: KubeConfig, k: KindInfo, opts: WatchChangesOptions, notify: () => void): Promise<void> {
  const { signal } = opts;
  const watch = new Watch(kc);
  let rv: string | undefined;
  let listedBefore = false;
  let failures = 0;
  const fail = async (err: unknown): Promise<void> => {
    opts.onError?.(k.kind, err);
    await sleep(backoffMs(failures++, opts.maxBackoffMs), signal);
  };
  while (!signal.aborted) {
    if (rv === undefined) {
      try {
        rv = await withDeadline(listResourceVersion(kc, k, AbortSignal.any([signal, AbortSignal.timeout(opts.listTimeoutMs ?? 10_000)])), opts.listTimeoutMs ?? 10_000, k.plural);
      } catch (err) {
        if (!signal.aborted) await fail(err);
        continue;
      }
      // A relist means changes may have been missed while we were away.
      if (listedBefore) notify();
      listedBefore = true;
      opts.onConnected?.(k.kind);
    }
    const started = Date.now();
    const out = await watchOnce(watch, k, rv, signal, (newRv, real) => {
      if (newRv) rv = newRv;
      if (real) notify();
    });
    if (signal.aborted) break;
    if (out.expired || statusCodeOf(out.err) === 410) {
      rv = undefined;
      continue;
    }
    if (out.err) {
      // Relist after a failed watch: changes made while we were away must be seen (the relist
      // notifies), and the caller learns the watch is back (onConnected).
      rv = undefined;
      await fail(out.err);
    } else if (Date.now() - started < 1000) {
      // A stream that ends at once (proxy, broken or stopping server) must not spin, and is followed
      // by a relist: a server that went away answers the relist with an error (retried with backoff)
      // instead of leaving a watch request hanging on it.
      rv = undefined;
      await fail(new Error(`watch on ${k.plural} ended immediately`));
    } else {
      failures = 0;
    }
  }
}

/** Calls `onChange` (debounced) whenever an object of one of `kinds` changes; resolves after `signal` aborts. */
export async function watchChanges(kc: KubeConfig, opts: WatchChangesOptions): Promise<void> {
  const debounceMs = opts.debounceMs ?? 300;
  let timer: NodeJS.Timeout | undefined;
  let burstStart = 0;
  const fire = (): void => {
    timer = undefined;
    burstStart = 0;
    if (opts.signal.aborted) return;
    try {
      opts.onChange();
    } catch {
      // The caller's callback failing must not stop the watches.
    }
  };
  const notify = (): void => {
    if (opts.signal.aborted) return;
    const now = Date.now();
    if (!burstStart) burstStart = now;
    if (timer) clearTimeout(timer);
    const maxWait = debounceMs * 10;
    timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, burstStart + maxWait - now)));
  };
  const kinds = KINDS.filter((k) => opts.kinds.includes(k.kind));
  await Promise.all(kinds.map((k) => watchKind(kc, k, opts, notify)));
  if (timer) clearTimeout(timer);
}
