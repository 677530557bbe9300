'use client';
// One time-range picker for the pages with charts: the latest sample (what the current report
// covers), or the last 1 h / 24 h / 7 d from the history store. Toggle buttons (aria-pressed) in a
// labelled group: Tab reaches each, Enter / Space picks it; the choice lives in the URL (?range=).
import { useId } from 'react';
import type { HistoryRange } from '@/lib/model';
import { useTimeRange } from '@/lib/client/time-range';

const CHOICES: ReadonlyArray<{ value: HistoryRange | null; label: string; title: string }> = [
  { value: null, label: 'Latest', title: 'What the latest sample covers' },
  { value: '1h', label: '1 h', title: 'The last hour, from history' },
  { value: '24h', label: '24 h', title: 'The last 24 hours, from history' },
  { value: '7d', label: '7 d', title: 'The last 7 days, from history' },
];

/** The picker bound to the URL; returns nothing itself: pages read the range with useTimeRange(). */
export function TimeRangePicker({ latestWords }: { latestWords: string }) {
  const [range, setRange] = useTimeRange();
  const labelId = useId();
  return (
    <div className="range-row">
      <span className="range-label" id={labelId}>
        Time range
      </span>
      <div className="range-picker" role="group" aria-labelledby={labelId} data-testid="time-range">
        {CHOICES.map((c) => (
          <button
            key={c.label}
            type="button"
            aria-pressed={range === c.value}
            title={c.value === null ? latestWords : c.title}
            onClick={() => setRange(c.value)}
            data-range={c.value ?? 'latest'}
          >
            {c.label}
          </button>
        ))}
      </div>
    </div>
  );
}
