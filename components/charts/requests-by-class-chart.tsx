'use client';
// Requests per minute, stacked by the class of the client address (recharts).
// Every class has its own colour AND its name in the legend and the tooltip;
// the figure carries a text description of the same numbers for screen readers.
import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AddressClass } from '@/lib/model';

export type MinutePoint = { t: string } & Record<string, number | string>;

/** Distinct hues (Okabe–Ito based), and never the only cue: names are always printed next to them. */
export const CLASS_COLOURS: Record<AddressClass, string> = {
  node: '#d55e00',
  pod: '#e69f00',
  lb: '#cc79a7',
  loopback: '#7a7a7a',
  private: '#0072b2',
  cgnat: '#56b4e9',
  linklocal: '#b0b0b0',
  public: '#009e73',
  documentation: '#8c6bb1',
};

function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

const int = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** One sentence with the same numbers the chart shows. */
export function describeSeries(series: readonly MinutePoint[], classes: readonly AddressClass[]): string {
  if (series.length === 0) return 'No requests with a timestamp.';
  const totals = classes.map((c): [AddressClass, number] => [c, series.reduce((n, p) => { const v = p[c]; return n + (typeof v === 'number' ? v : 0); }, 0)]);
  const all = totals.reduce((n, [, v]) => n + v, 0);
  const valueOf = (p: MinutePoint, c: AddressClass): number => {
    const v = p[c];
    return typeof v === 'number' ? v : 0;
  };
  let peak: { sum: number; t: string } = { sum: 0, t: series[0]?.t ?? '' };
  for (const p of series) {
    const sum = classes.reduce((n, c) => n + valueOf(p, c), 0);
    if (sum > peak.sum) peak = { sum, t: p.t };
  }
  const first = series[0]?.t ?? '';
  const last = series[series.length - 1]?.t ?? '';
  return (
    `${int(all)} requests over ${series.length} minute${series.length === 1 ? '' : 's'}, from ${hhmm(first)} to ${hhmm(last)}: ` +
    `${totals.map(([c, v]) => `${c} ${int(v)}`).join(', ')}. Busiest minute ${hhmm(peak.t)} with ${int(peak.sum)} requests.`
  );
}

export function RequestsByClassChart({ series, classes, title }: { series: readonly MinutePoint[]; classes: readonly AddressClass[]; title: string }) {
  const titleId = useId();
  const descId = useId();
  return (
    <figure className="chart-figure" aria-labelledby={titleId} aria-describedby={descId} data-testid="requests-chart">
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      <p id={descId} className="visually-hidden">
        {describeSeries(series, classes)}
      </p>
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={[...series]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ed" />
            <XAxis dataKey="t" tickFormatter={hhmm} minTickGap={24} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} width={44} tick={{ fontSize: 12 }} />
            <Tooltip labelFormatter={(label) => `Minute ${hhmm(String(label))}`} formatter={(value, name) => [int(Number(value)), String(name)]} />
            <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value) => <span className="chart-legend-name">{String(value)}</span>} />
            {classes.map((c) => (
              <Area
                key={c}
                type="monotone"
                dataKey={c}
                name={c}
                stackId="requests"
                stroke={CLASS_COLOURS[c]}
                fill={CLASS_COLOURS[c]}
                fillOpacity={0.55}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
