// The cached cluster report, honest under failure. A read that cannot reach the API server never
// becomes an empty, healthy-looking report: the last good report is served, marked `stale` with
// its age and the reason (or, before any good read, an empty report marked stale with
// lastSuccessAt null — "unknown", never "none found"). While the source is down, callers get that
// answer at once (no request waits on a dead or hung server) and a background retry every
// `retryMs` brings the report back by itself when the server returns.
import type { ClusterReport, ClusterSnapshot, Stale } from '@/lib/model';
import { clusterUnreadableReason } from '@/lib/analyzers/cluster-reachability';
import { ApiError } from './api-error';
import type { SourceHealth } from './source-health';

export interface ClusterRead {
  report: ClusterReport;
  snapshot: ClusterSnapshot;
}

export interface ClusterCacheDeps {
  /** One read of the cluster under `signal` (readCluster: per-kind failures are gaps). */
  read(signal: AbortSignal): Promise<ClusterSnapshot>;
  /** The analysis (analyzeCluster + metadata); may throw: that is an error the user sees. */
  analyze(snapshot: ClusterSnapshot, now: Date): ClusterReport | Promise<ClusterReport>;
  ttlMs: number;
  readTimeoutMs: number;
  /** Spacing of the background retries while the source is down (default 2 s). */
  retryMs?: number;
  health: SourceHealth;
  /** Where an empty report (no good read yet) says it came from. */
  sourceName: ClusterReport['source'];
  now?: () => Date;
  /** Called after a read changed the answer (new report, down, back): history, metrics. */
  onRead?: (read: ClusterRead, fresh: boolean) => void;
}

export interface ClusterCache {
  current(): Promise<ClusterRead>;
  /** A change (watch event, lab switch): the next caller reads again. */
  invalidate(): void;
  /** The watch lost the server: re-read now, so every surface says so within the retry time. */
  recheck(): void;
  close(): void;
}

interface Cached extends ClusterRead {
  at: number;
  generation: number;
}

export function createClusterCache(deps: ClusterCacheDeps): ClusterCache {
  const now = deps.now ?? (() => new Date());
  const retryMs = deps.retryMs ?? 2_000;
  // Every change bumps the generation. A read started before the change belongs to the old
  // generation: it is neither returned to later callers nor allowed to overwrite a newer report.
  let generation = 0;
  let cached: Cached | null = null;
  let lastGood: Cached | null = null;
  let down: { since: Date; reason: string; snapshot: ClusterSnapshot } | null = null;
  let inflight: { generation: number; promise: Promise<ClusterRead> } | null = null;
  let closed = false;

  const staleRead = (): ClusterRead => {
    if (!down) throw new Error('staleRead while up');
    const t = now();
    const lastSuccessAt = lastGood ? new Date(lastGood.at) : null;
    const stale: Stale = {
      message: `unknown — the API server is unreachable since ${down.since.toISOString()}: ${down.reason}`,
      reason: down.reason,
      since: down.since.toISOString(),
      lastSuccessAt: lastSuccessAt?.toISOString() ?? null,
      ageSeconds: lastSuccessAt ? Math.max(0, Math.round((t.getTime() - lastSuccessAt.getTime()) / 1000)) : null,
    };
    if (lastGood) return { report: { ...lastGood.report, stale }, snapshot: lastGood.snapshot };
    const report: ClusterReport = { source: deps.sourceName, loadBalancers: [], findings: [], gaps: down.snapshot.gaps, nodes: [], generatedAt: t.toISOString(), stale };
    return { report, snapshot: down.snapshot };
  };

  const refresh = async (gen: number): Promise<ClusterRead> => {
    let snapshot: ClusterSnapshot;
    try {
      snapshot = await deps.read(AbortSignal.timeout(deps.readTimeoutMs));
    } catch (err) {
      // readCluster only throws when aborted; treat anything else the same way: the source is down.
      const reason = err instanceof Error ? err.message : String(err);
      snapshot = { source: deps.sourceName, objects: [], gaps: [{ kind: 'Service', reason: 'unreachable', detail: reason }], kindsRead: [] };
    }
    const reason = clusterUnreadableReason(snapshot);
    const t = now();
    if (reason !== null) {
      deps.health.fail('kube', reason);
      const wasDown = down !== null;
      down = { since: down?.since ?? t, reason, snapshot };
      const read = staleRead();
      if (!wasDown) deps.onRead?.(read, false);
      return read;
    }
    deps.health.ok('kube');
    down = null;
    let report: ClusterReport;
    try {
      report = await deps.analyze(snapshot, t);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      console.error(`edgelens: the cluster analysis failed: ${message}`);
      throw new ApiError(500, 'analysis-failed', `the cluster analysis failed (a bug in edgelens; the report cannot be trusted): ${message}`, { cause: err });
    }
    const read: Cached = { report, snapshot, at: t.getTime(), generation: gen };
    if (!cached || cached.generation <= gen) cached = read;
    if (!lastGood || lastGood.generation <= gen) lastGood = read;
    deps.onRead?.(read, true);
    return read;
  };

  const start = (gen: number): Promise<ClusterRead> => {
    const promise = refresh(gen).finally(() => {
      if (inflight?.promise === promise) inflight = null;
    });
    inflight = { generation: gen, promise };
    return promise;
  };

  // While down, retry in the background: recovery needs no request, and /metrics and
  // /api/v1/health say "back" within retryMs + readTimeoutMs of the server's return.
  const timer = setInterval(() => {
    if (closed || !down || inflight) return;
    start(generation).catch(() => undefined);
  }, retryMs);
  timer.unref?.();

  return {
    current: async () => {
      const gen = generation;
      // Down: answer now with the stale report; the background retry does the reading.
      if (down) {
        if (!inflight) start(gen).catch(() => undefined);
        return staleRead();
      }
      if (cached && cached.generation === gen && now().getTime() - cached.at < deps.ttlMs) return cached;
      if (inflight && inflight.generation === gen) return inflight.promise;
      return start(gen);
    },
    invalidate: () => {
      generation += 1;
    },
    recheck: () => {
      generation += 1;
      if (!inflight && !closed) start(generation).catch(() => undefined);
    },
    close: () => {
      closed = true;
      clearInterval(timer);
    },
  };
}
