// Which answers a page may show: those of GET /api/v1/summary computed for the cluster the page
// shows. After a lab scenario switch (or any change of source) an older answer describes
// another cluster, so it counts as still loading — on every page that shows the answers.
import { useEffect, useState } from 'react';
import { useCluster, useSummary } from '@/lib/client/hooks';
import type { ApiError } from '@/lib/client/api';
import type { Summary } from '@/lib/model';

export type SummaryState =
  | { state: 'loading' }
  | { state: 'failed'; message: string; error?: ApiError }
  /** `refreshError`: the latest refresh failed; the answer shown is the previous one. */
  | { state: 'ready'; data: Summary; refreshError?: ApiError };

/** The answers as the cards show them; anything older than `notBefore` is still loading. */
export function summaryState(q: ReturnType<typeof useSummary>, notBefore: number): SummaryState {
  if (q.data !== undefined && q.dataUpdatedAt >= notBefore) {
    return q.error && q.errorUpdatedAt > q.dataUpdatedAt ? { state: 'ready', data: q.data, refreshError: q.error } : { state: 'ready', data: q.data };
  }
  if (q.error && q.errorUpdatedAt >= notBefore) return { state: 'failed', message: q.error.message, error: q.error };
  return { state: 'loading' };
}

/**
 * When the cluster behind the page last changed (a lab scenario switch, another source):
 * answers computed before then describe the old cluster. Adjusted during render (React's
 * pattern for state derived from props), so no frame shows the old cluster's answer.
 */
export function useClusterChangedAt(key: string | undefined, reportAt: number): number {
  const [seen, setSeen] = useState<{ key: string | undefined; at: number }>({ key, at: 0 });
  if (seen.key !== key) {
    const next = { key, at: seen.key === undefined ? 0 : reportAt };
    setSeen(next);
    return next.at;
  }
  return seen.at;
}

/** The summary for a page that is not the Overview: the same rule, its own cluster query. */
export function usePageSummary(): { state: SummaryState; retry: () => void; retrying: boolean } {
  const cluster = useCluster();
  const summary = useSummary();
  const key = cluster.data ? `${cluster.data.source}/${cluster.data.scenario ?? ''}` : undefined;
  const changedAt = useClusterChangedAt(key, cluster.dataUpdatedAt);
  const refetch = summary.refetch;
  useEffect(() => {
    // A switch made elsewhere (the banner, the CLI, another tab): ask for the new cluster's answers now.
    if (changedAt > 0) void refetch();
  }, [changedAt, refetch]);
  return { state: summaryState(summary, changedAt), retry: () => void refetch(), retrying: summary.isFetching };
}
