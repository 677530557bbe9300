// What the Overview knows of a second report (access logs, edge probes) while it
// answers from the cluster report: still on its way, failed, or ready. Pure.

export type Evidence<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: T };

/** The parts of a TanStack query result the verdicts need (times in ms since the epoch). */
export interface QueryLike<T> {
  data: T | undefined;
  error: { message: string } | null;
  dataUpdatedAt: number;
  errorUpdatedAt: number;
}

/**
 * A query's state as evidence. Anything older than `notBefore` (when the cluster
 * behind the page changed, e.g. a lab scenario switch) describes another cluster,
 * so it counts as still loading rather than as an answer. Cached data survives a
 * failed refresh: it still describes this cluster.
 */
export function evidenceFrom<T>(q: QueryLike<T>, notBefore = 0): Evidence<T> {
  if (q.data !== undefined && q.dataUpdatedAt >= notBefore) return { state: 'ready', data: q.data };
  if (q.error && q.errorUpdatedAt >= notBefore) return { state: 'failed', message: q.error.message };
  return { state: 'loading' };
}

/** A reason short enough for one line of a card: cut at a word, with an ellipsis. */
export function shorten(text: string, max = 110): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:—-]+$/, '')}…`;
}
