// How often the dashboard polls, chosen by the user for the whole session:
// "auto" keeps each source's own pace, a number overrides it, "paused" stops
// polling (manual refresh still works). A tiny store read with useSyncExternalStore.
import { useSyncExternalStore } from 'react';

export type RefreshChoice = 'auto' | 'paused' | 5_000 | 15_000 | 60_000;
export const REFRESH_CHOICES: readonly RefreshChoice[] = ['auto', 5_000, 15_000, 60_000, 'paused'];

let choice: RefreshChoice = 'auto';
const listeners = new Set<() => void>();

export function getRefreshChoice(): RefreshChoice {
  return choice;
}

export function setRefreshChoice(next: RefreshChoice): void {
  if (next === choice) return;
  choice = next;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useRefreshChoice(): RefreshChoice {
  return useSyncExternalStore(subscribe, getRefreshChoice, () => 'auto');
}

/** The interval a query should poll at under the user's choice; `false` = no polling. */
export function intervalFor(c: RefreshChoice, sourceDefaultMs: number): number | false {
  if (c === 'paused') return false;
  if (c === 'auto') return sourceDefaultMs;
  return c;
}

/** For a query hook: its refetchInterval, re-rendered when the user changes the choice. */
export function useRefreshInterval(sourceDefaultMs: number): number | false {
  return intervalFor(useRefreshChoice(), sourceDefaultMs);
}

/** "just now", "12 s ago", "3 min ago". */
export function agoText(ms: number): string {
  if (ms < 2_000) return 'just now';
  const s = Math.floor(ms / 1_000);
  if (s < 120) return `${s} s ago`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min ago` : `${Math.floor(m / 60)} h ago`;
}
