import type { HistoryRange, ProbeKindStatus } from '@/lib/model';
import { withApi } from '@/server/api-error';
import { RANGE_MS } from '@/server/history-store';
import { sinceOf } from '@/server/history-request';
import { getRuntime } from '@/server/runtime';

export const dynamic = 'force-dynamic';

/** Runs per chart point: each run over 1 h, 15-min buckets over 24 h, 1-h buckets over 7 d (a week of runs stays a light chart). */
const RUN_BUCKET_MS: Record<HistoryRange, number> = { '1h': 0, '24h': 15 * 60_000, '7d': 60 * 60_000 };

/**
 * The latest probe results per target, their history, the Alt-Svc verdicts and the edge findings.
 * With `?since=1h|24h|7d` each history and its runs come from the history store (it survives
 * restarts) instead of the in-memory ring buffers, so the charts cover the range, and `recorded` holds every target's samples in the range
 * (also for targets not probed since the server started).
 */
export const GET = withApi(async (req?: Request) => {
  const since = req ? sinceOf(req) : null;
  const rt = await getRuntime();
  const doc = await rt.probes().snapshot();
  if (since === null) return Response.json(doc);
  const from = Date.now() - RANGE_MS[since];
  const withHistory = (name: string, kind: 'tcp' | 'h3', st: ProbeKindStatus | undefined) => (st ? { ...st, history: rt.history.probeHistory(name, kind, from), runs: rt.history.probeRuns(name, kind, from, { bucketMs: RUN_BUCKET_MS[since] }) } : undefined);
  return Response.json({
    ...doc,
    targets: doc.targets.map((t) => {
      const recorded = { tcp: rt.history.probeHistory(t.name, 'tcp', from), h3: rt.history.probeHistory(t.name, 'h3', from) };
      const tcp = withHistory(t.name, 'tcp', t.tcp);
      const h3 = withHistory(t.name, 'h3', t.h3);
      return { ...t, recorded, ...(tcp ? { tcp } : {}), ...(h3 ? { h3 } : {}) };
    }),
  });
});
