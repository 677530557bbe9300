'use client';
// Handshake latency over time, one line per probe kind (TCP+TLS, HTTP/3): one point per probe run
// (its median) with a band for the run's min–max. A run with no successful sample is a gap in its
// line, so outages show as breaks, not as zeros. Lines differ by dash pattern as well as colour,
// and the legend names them.
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LegendToggles, useHiddenSeries } from './legend-toggles';

export interface LatencySeries {
  name: string;
  points: ReadonlyArray<{ t: number; ms: number | null; range?: [number, number] | null }>;
  color: string;
  dashed?: boolean;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function LatencyChart({ series, label, height = 190 }: { series: readonly LatencySeries[]; label: string; height?: number }) {
  const { hidden, toggle } = useHiddenSeries();
  return (
    <>
      <LegendToggles label="Show or hide a probe kind" items={series.map((s) => ({ key: s.name, label: s.name, color: s.color, ...(s.dashed ? { dash: '6 3' } : {}) }))} hidden={hidden} toggle={toggle} />
      <div className="chart-box" role="img" aria-label={label} data-testid="latency-chart">
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={clock} tick={{ fontSize: 11, fill: 'var(--text-2)' }} minTickGap={24} allowDuplicatedCategory={false} />
            <YAxis unit=" ms" tick={{ fontSize: 11, fill: 'var(--text-2)' }} width={62} allowDecimals={false} />
            <Tooltip
              contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border-strong)', color: 'var(--text)' }}
              labelFormatter={(t) => (typeof t === 'number' ? clock(t) : String(t))}
              formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)} ms` : Array.isArray(v) ? `${Number(v[0]).toFixed(1)}–${Number(v[1]).toFixed(1)} ms` : 'failed')}
            />
            {series.map((s) => (
              <Area
                key={`${s.name}-range`}
                name={`${s.name} min–max`}
                data={[...s.points]}
                dataKey="range"
                stroke="none"
                fill={s.color}
                fillOpacity={0.15}
                connectNulls={false}
                legendType="none"
                hide={hidden.has(s.name)}
                isAnimationActive={false}
              />
            ))}
            {series.map((s) => (
              <Line
                key={s.name}
                name={s.name}
                data={[...s.points]}
                dataKey="ms"
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '6 3' : undefined}
                dot={{ r: 2.5 }}
                connectNulls={false}
                hide={hidden.has(s.name)}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </>
  );
}
