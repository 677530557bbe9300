'use client';
// A chart legend you can click: one button per series naming it, with its colour and dash pattern
// (never colour alone), aria-pressed telling whether it is shown. Hiding a series isolates the
// others — what the Requests, latency and success charts all need.
import { useState } from 'react';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** SVG stroke-dasharray of the series' line; absent for a solid line. */
  dash?: string;
}

/** Which series are hidden, and the toggle for one. */
export function useHiddenSeries(): { hidden: ReadonlySet<string>; toggle: (key: string) => void } {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string): void =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return { hidden, toggle };
}

export function LegendToggles({ items, hidden, toggle, label }: { items: readonly LegendItem[]; hidden: ReadonlySet<string>; toggle: (key: string) => void; label: string }) {
  return (
    <div className="chart-legend" role="group" aria-label={label}>
      {items.map((it) => (
        <button key={it.key} type="button" className="legend-toggle" aria-pressed={!hidden.has(it.key)} onClick={() => toggle(it.key)} data-testid="legend-toggle">
          <svg width="22" height="10" aria-hidden="true" focusable="false">
            <line x1="1" y1="5" x2="21" y2="5" stroke={it.color} strokeWidth="4" strokeDasharray={it.dash} />
          </svg>
          {it.label}
        </button>
      ))}
    </div>
  );
}
