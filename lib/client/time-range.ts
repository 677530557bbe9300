// The time range a page shows (`?range=1h|24h|7d`; absent: the latest sample), kept in the URL so
// it survives a reload and can be linked. A value that is not a range is ignored (the latest
// sample), never an error page.
import { useCallback, useSyncExternalStore } from 'react';
import { historyRangeSchema, type HistoryRange } from '@/lib/model';

export const RANGE_PARAM = 'range';
const CHANGED = 'edgelens:range';

/** The range named by a search string ("?range=24h&x=1"), or null (the latest sample). */
export function rangeFromSearch(search: string): HistoryRange | null {
  return historyRangeSchema.safeParse(new URLSearchParams(search).get(RANGE_PARAM)).data ?? null;
}

/** The search string with the range set (or removed for null); other parameters are kept. */
export function searchWithRange(search: string, range: HistoryRange | null): string {
  const q = new URLSearchParams(search);
  if (range === null) q.delete(RANGE_PARAM);
  else q.set(RANGE_PARAM, range);
  const s = q.toString();
  return s ? `?${s}` : '';
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(CHANGED, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(CHANGED, cb);
  };
}

/** [the range in the URL, set it]: setting replaces the URL (choosing a range is not navigation). */
export function useTimeRange(): [HistoryRange | null, (range: HistoryRange | null) => void] {
  // The server renders the latest sample; the browser then reads its URL.
  const range = useSyncExternalStore(subscribe, () => rangeFromSearch(window.location.search), () => null);
  const set = useCallback((next: HistoryRange | null) => {
    const { pathname, search, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${searchWithRange(search, next)}${hash}`);
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [range, set];
}
