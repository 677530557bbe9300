'use client';
// Success ratio per run (N samples each), per probe kind, as stepped areas: a drop to 0% is an
// outage, a value in between an intermittent path.
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LegendToggles, useHiddenSeries } from './legend-toggles';

export interface RatioSeries {
  name: string;
  points: ReadonlyArray<{ t: number; pct: number }>;
  color: string;
  dashed?: boolean;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function SuccessChart({ series, label, height = 150 }: { series: readonly RatioSeries[]; label: string; height?: number }) {
  const { hidden, toggle } = useHiddenSeries();
  return (
    <>
      <LegendToggles label="Show or hide a probe kind" items={series.map((s) => ({ key: s.name, label: s.name, color: s.color, ...(s.dashed ? { dash: '6 3' } : {}) }))} hidden={hidden} toggle={toggle} />
      <div className="chart-box" role="img" aria-label={label} data-testid="success-chart">
        <ResponsiveContainer width="100%" height={height}>
          <AreaChart margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={clock} tick={{ fontSize: 11, fill: 'var(--text-2)' }} minTickGap={24} allowDuplicatedCategory={false} />
            <YAxis domain={[0, 100]} ticks={[0, 50, 100]} unit="%" tick={{ fontSize: 11, fill: 'var(--text-2)' }} width={62} />
            <Tooltip contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border-strong)', color: 'var(--text)' }} labelFormatter={(t) => (typeof t === 'number' ? clock(t) : String(t))} formatter={(v) => (typeof v === 'number' ? `${v}% ok` : String(v))} />
            {series.map((s) => (
              <Area
                key={s.name}
                name={s.name}
                data={[...s.points]}
                dataKey="pct"
                type="stepAfter"
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.12}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '6 3' : undefined}
                dot={{ r: 2.5 }}
                hide={hidden.has(s.name)}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </>
  );
}
