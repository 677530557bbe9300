'use client';
// Requests per minute, stacked by the class of the client address (recharts).
// Every class has its own colour AND its name in the legend and the tooltip;
// the figure carries a text description of the same numbers for screen readers.
import { useId } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { fmtInt as int, type AddressClass } from '@/lib/model';
import { clockWords } from '@/lib/client/history-series';
import { LegendToggles, useHiddenSeries } from './legend-toggles';

/** A point per minute (or per bucket over a range); a class left out of a point is a gap: nothing was recorded then. */
export type MinutePoint = { t: string } & Record<string, number | string | undefined>;

/** Distinct hues (Okabe–Ito based), and never the only cue: names are always printed next to them. */
export const CLASS_COLOURS: Record<AddressClass, string> = {
  node: '#d55e00',
  pod: '#e69f00',
  lb: '#cc79a7',
  loopback: '#7a7a7a',
  private: '#0072b2',
  // Not a second blue beside "private": a purple, and a dashed outline as well.
  cgnat: '#7b3294',
  linklocal: '#b0b0b0',
  public: '#009e73',
  documentation: '#8c6bb1',
};

/** A second cue besides colour: each class's outline has its own dash pattern. */
export const CLASS_DASH: Partial<Record<AddressClass, string>> = { pod: '6 3', lb: '2 2', loopback: '8 3 2 3', cgnat: '4 2', linklocal: '1 3' };

function hhmm(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}


/** One sentence with the same numbers the chart shows; `unit` names a point ("minute", "15-min bucket"). */
export function describeSeries(series: readonly MinutePoint[], classes: readonly AddressClass[], unit = 'minute'): string {
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
    `${int(all)} requests over ${series.length} ${unit}${series.length === 1 ? '' : 's'}, from ${hhmm(first)} to ${hhmm(last)}: ` +
    `${totals.map(([c, v]) => `${c} ${int(v)}`).join(', ')}. Busiest ${unit} ${hhmm(peak.t)} with ${int(peak.sum)} requests.`
  );
}

/** "10:02–10:41 (40 min)": the span the samples cover, said plainly (no history store: the last log lines only). */
export function spanText(series: readonly MinutePoint[]): string {
  const first = series[0]?.t;
  const last = series[series.length - 1]?.t;
  if (!first || !last) return 'no timestamps';
  return `${hhmm(first)}–${hhmm(last)} (${series.length} min)`;
}

/** A chart over a history range: what the caption says it covers, and the bucket size. */
export interface RangeCoverage {
  /** "10:02–11:01 from history, in 15-min buckets", from historyCaption(). */
  span: string;
  /** "15-min" */
  bucket: string;
  /** Ticks and tooltips name the day (24 h, 7 d). */
  withDay: boolean;
}

export function RequestsByClassChart({
  series,
  classes,
  title,
  coverage,
}: {
  series: readonly MinutePoint[];
  classes: readonly AddressClass[];
  title: string;
  /** Absent: the latest log sample, one point per minute. */
  coverage?: RangeCoverage;
}) {
  const titleId = useId();
  const descId = useId();
  const { hidden, toggle } = useHiddenSeries();
  // The newest minute is still filling while logs are sampled: shade it so its dip does not read as an outage.
  const last = series[series.length - 1]?.t;
  const before = series[series.length - 2]?.t;
  const unit = coverage ? `${coverage.bucket} bucket` : 'minute';
  const clock = (iso: string): string => {
    const t = Date.parse(iso);
    return coverage && !Number.isNaN(t) ? clockWords(t, coverage.withDay) : hhmm(iso);
  };
  return (
    <figure className="chart-figure" aria-labelledby={titleId} aria-describedby={descId} data-testid="requests-chart">
      <figcaption id={titleId} className="chart-title">
        {title}
        <span className="chart-span" data-testid="chart-span">
          {' '}
          {coverage
            ? `— covers ${coverage.span}; the last bucket${last ? ` (${clock(last)})` : ''} is still filling and drawn shaded.`
            : `— covers ${spanText(series)}, the span of the sampled log lines; the last minute${last ? ` (${hhmm(last)})` : ''} is partial and drawn shaded.`}
        </span>
      </figcaption>
      <p id={descId} className="visually-hidden">
        {describeSeries(series, classes, unit)}
      </p>
      <LegendToggles label="Show or hide a class" items={classes.map((c) => ({ key: c, label: c, color: CLASS_COLOURS[c], dash: CLASS_DASH[c] }))} hidden={hidden} toggle={toggle} />
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={[...series]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" tickFormatter={clock} minTickGap={24} tick={{ fontSize: 12, fill: 'var(--text-2)' }} stroke="var(--border-strong)" />
            <YAxis allowDecimals={false} width={44} tick={{ fontSize: 12, fill: 'var(--text-2)' }} stroke="var(--border-strong)" />
            <Tooltip
              contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border-strong)', color: 'var(--text)' }}
              labelFormatter={(label) => `${coverage ? `${coverage.bucket} bucket from` : 'Minute'} ${clock(String(label))}${String(label) === last ? (coverage ? ' (still filling)' : ' (partial)') : ''}`}
              formatter={(value, name) => [int(Number(value)), String(name)]}
            />
            {last && before ? <ReferenceArea x1={before} x2={last} className="partial-minute" fill="#8a93a1" fillOpacity={0.18} ifOverflow="visible" /> : null}
            {classes.map((c) => (
              <Area
                key={c}
                type="monotone"
                dataKey={c}
                name={c}
                stackId="requests"
                stroke={CLASS_COLOURS[c]}
                strokeDasharray={CLASS_DASH[c]}
                strokeWidth={2}
                fill={CLASS_COLOURS[c]}
                fillOpacity={0.55}
                hide={hidden.has(c)}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
