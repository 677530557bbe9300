'use client';
// Refresh you can see: how old the data on screen is, how often it is polled
// (or paused), and a manual refresh. Reads the newest successful fetch of any
// query on the page from TanStack Query's cache.
import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { agoText, REFRESH_CHOICES, setRefreshChoice, useRefreshChoice, type RefreshChoice } from '@/lib/client/refresh';

const LABEL: Record<string, string> = { auto: 'Auto', paused: 'Paused', '5000': 'Every 5 s', '15000': 'Every 15 s', '60000': 'Every minute' };

function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Newest dataUpdatedAt among the queries in use (0: nothing yet). */
function useLastUpdated(): number {
  const client = useQueryClient();
  const cache = client.getQueryCache();
  return useSyncExternalStore(
    (cb) => cache.subscribe(cb),
    () => cache.getAll().reduce((max, q) => (q.getObserversCount() > 0 && q.state.dataUpdatedAt > max ? q.state.dataUpdatedAt : max), 0),
    () => 0,
  );
}

export function RefreshControl() {
  const client = useQueryClient();
  const choice = useRefreshChoice();
  const fetching = useIsFetching();
  const last = useLastUpdated();
  const now = useNow(1_000);
  const id = useId();

  return (
    <div className="refresh-control" data-testid="refresh-control">
      <span className="refresh-age" data-testid="refresh-age">
        {last === 0 ? 'Loading…' : `Updated ${agoText(Math.max(0, now - last))}`}
        {choice === 'paused' ? ' · paused' : ''}
      </span>
      <label htmlFor={`${id}-every`} className="visually-hidden">
        Refresh interval
      </label>
      <select id={`${id}-every`} className="input input-small" value={String(choice)} onChange={(e) => setRefreshChoice(parseChoice(e.target.value))}>
        {REFRESH_CHOICES.map((c) => (
          <option key={String(c)} value={String(c)}>
            {LABEL[String(c)]}
          </option>
        ))}
      </select>
      <button type="button" className="link-button" onClick={() => void client.refetchQueries({ type: 'active' })} disabled={fetching > 0}>
        {fetching > 0 ? 'Refreshing…' : 'Refresh now'}
      </button>
    </div>
  );
}

function parseChoice(v: string): RefreshChoice {
  return REFRESH_CHOICES.find((c) => String(c) === v) ?? 'auto';
}
