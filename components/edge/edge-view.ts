// Pure view helpers for the Edge page: probe verdicts as tone + word, numbers as text, and the
// chart series. No React, no fetching: the components stay thin and this stays testable.
import type { AltSvcVerdict, HistoryRange, ProbeKind, ProbeKindStatus, ProbesResponse, ProbeTargetStatus, ProbeVerdict } from '@/lib/model';
import { clockWords } from '@/lib/client/history-series';
import type { ToneName } from '../severity';

export const KIND_LABEL: Record<ProbeKind, string> = { tcp: 'TCP + TLS', h3: 'HTTP/3 (QUIC)' };

const VERDICT: Record<ProbeVerdict, { tone: ToneName; word: string }> = {
  ok: { tone: 'ok', word: 'OK' },
  failing: { tone: 'error', word: 'Failing' },
  intermittent: { tone: 'warning', word: 'Intermittent' },
};

/** The status of one kind of one target as an icon tone and a word (never colour alone). */
export function kindStatusBadge(target: Pick<ProbeTargetStatus, 'probe'>, status: ProbeKindStatus | undefined): { tone: ToneName; word: string } {
  if (!target.probe) return { tone: 'unknown', word: 'Not probed' };
  if (!status) return { tone: 'unknown', word: 'Not run yet' };
  return VERDICT[status.verdict];
}

const ALT_SVC_TONE: Record<AltSvcVerdict, ToneName> = {
  working: 'ok',
  broken: 'error',
  intermittent: 'warning',
  untested: 'info',
  'not-advertised': 'info',
  unknown: 'unknown',
};

export function altSvcTone(v: AltSvcVerdict): ToneName {
  return ALT_SVC_TONE[v];
}

export function formatMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`;
}

/**
 * "2.5 ms / 9.8 ms" (p50 / p95 of the successful handshakes), or "no successful sample": a run
 * with zero successes has no latency, whatever timings its failed samples carried (stored runs
 * from before the server computed percentiles over successes only included them).
 */
export function formatPercentiles(status: Pick<ProbeKindStatus, 'ok' | 'p50Ms' | 'p95Ms'>): string {
  if (status.ok === 0 || status.p50Ms == null) return 'no successful sample';
  return `${formatMs(status.p50Ms)} / ${formatMs(status.p95Ms)}`;
}

/** "4 of 5 ok (80%)" */
export function formatRatio(status: Pick<ProbeKindStatus, 'ok' | 'samples'>): string {
  const pct = status.samples === 0 ? 0 : Math.round((status.ok / status.samples) * 100);
  return `${status.ok} of ${status.samples} ok (${pct}%)`;
}

/** The newest successful sample's value of a field (ALPN, Alt-Svc), or null. */
export function latestOk<K extends 'alpn' | 'altSvc'>(status: ProbeKindStatus | undefined, key: K): string | null {
  const results = status?.results ?? [];
  for (let i = results.length - 1; i >= 0; i--) {
    const r = results[i];
    if (r?.ok) return r[key] ?? null;
  }
  return null;
}

export interface LatencyPoint {
  t: number;
  /** Handshake time; null for a failed sample (a gap in the line). */
  ms: number | null;
}

export function latencySeries(status: ProbeKindStatus | undefined): LatencyPoint[] {
  return (status?.history ?? [])
    .map((p) => ({ t: Date.parse(p.at), ms: p.ok ? p.handshakeMs : null }))
    .filter((p) => Number.isFinite(p.t));
}

/** One probe run on the latency chart: its median handshake, and the min–max of its samples. */
export interface RunLatencyPoint {
  t: number;
  ms: number | null;
  range: [number, number] | null;
  samples: number;
}

/**
 * One point per probe run (not one per sample, which plotted as vertical spikes): each sample
 * belongs to the run whose time is nearest; the point is the run's median over its successful
 * samples with their min–max, or a gap when none succeeded. Without run records, each sample stands alone.
 */
export function latencyRuns(status: ProbeKindStatus | undefined): RunLatencyPoint[] {
  // From the history store (a time range), each run (or bucket of runs) carries its own min–max.
  const stored = status?.runs ?? [];
  if (stored.length > 0 && stored.every((r) => r.minMs !== undefined)) {
    return stored
      .map((r) => ({ t: Date.parse(r.at), ms: r.p50Ms, range: r.minMs != null && r.maxMs != null ? ([r.minMs, r.maxMs] as [number, number]) : null, samples: r.samples }))
      .filter((p) => Number.isFinite(p.t));
  }
  const samples = latencySeries(status);
  const runs = (status?.runs ?? []).map((r) => Date.parse(r.at)).filter(Number.isFinite);
  if (runs.length === 0) return samples.map((p) => ({ t: p.t, ms: p.ms, range: p.ms === null ? null : [p.ms, p.ms], samples: 1 }));
  const groups = new Map<number, Array<number | null>>();
  for (const p of samples) {
    let best = runs[0] ?? p.t;
    for (const r of runs) if (Math.abs(r - p.t) < Math.abs(best - p.t)) best = r;
    groups.set(best, [...(groups.get(best) ?? []), p.ms]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, list]) => {
      const ok = list.filter((v): v is number => v !== null).sort((a, b) => a - b);
      const mid = ok.length === 0 ? null : ok.length % 2 === 1 ? (ok[(ok.length - 1) / 2] ?? null) : ((ok[ok.length / 2 - 1] ?? 0) + (ok[ok.length / 2] ?? 0)) / 2;
      return { t, ms: mid, range: ok.length === 0 ? null : [ok[0] ?? 0, ok[ok.length - 1] ?? 0], samples: list.length };
    });
}

export interface RatioPoint {
  t: number;
  /** Success ratio of one run, in percent. */
  pct: number;
}

export function successSeries(status: ProbeKindStatus | undefined): RatioPoint[] {
  return (status?.runs ?? [])
    .map((r) => ({ t: Date.parse(r.at), pct: r.samples === 0 ? 0 : Math.round((r.ok / r.samples) * 1000) / 10 }))
    .filter((p) => Number.isFinite(p.t));
}

const RANGE_LABEL: Record<HistoryRange, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d' };

/**
 * What a target's charts cover, in words: "Last 1 h from history: 58 runs, 10:02–11:01" (with
 * where history starts when it starts late), "no run recorded", or for the latest view the runs
 * kept in memory. A run of both kinds counts once (the busier kind's count).
 */
export function probeChartCaption(t: Pick<ProbeTargetStatus, 'kinds' | 'tcp' | 'h3'>, range: HistoryRange | null, ctx: { from: number }): string {
  const runs = t.kinds.map((k) => t[k]?.runs ?? []);
  const count = Math.max(0, ...runs.map((list) => list.reduce((n, r) => n + (r.runs ?? 1), 0)));
  const times = runs.flat().map((r) => Date.parse(r.at)).filter(Number.isFinite);
  const first = times.length > 0 ? Math.min(...times) : null;
  const last = times.length > 0 ? Math.max(...times) : null;
  const plural = `${count.toLocaleString('en-US')} ${count === 1 ? 'run' : 'runs'}`;
  if (range === null) {
    if (first === null || last === null) return 'Latest: no run yet';
    return `Latest: the ${plural} kept in memory, ${first === last ? `at ${clockTime(first)}` : `${clockTime(first)}–${clockTime(last)}`}`;
  }
  if (first === null || last === null) return `Last ${RANGE_LABEL[range]}: no run recorded in this range`;
  const withDay = range !== '1h';
  const points = Math.max(0, ...runs.map((list) => list.length));
  const merged = runs.flat().some((r) => r.runs !== undefined) ? ` in ${points} ${points === 1 ? 'point' : 'points'} of ${range === '24h' ? '15 min' : '1 h'}` : '';
  const when = first === last ? `at ${clockWords(first, withDay)}` : `${clockWords(first, withDay)}–${clockWords(last, withDay)}`;
  const span = `Last ${RANGE_LABEL[range]} from history: ${plural}${merged}, ${when}`;
  // A bucket (or a few minutes over 1 h) of slack: the first run rarely falls on the range's first second.
  const slack = range === '1h' ? 5 * 60_000 : range === '24h' ? 15 * 60_000 : 60 * 60_000;
  return first - ctx.from > slack ? `${span}; history starts ${clockWords(first, withDay)}` : span;
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Targets split the way the page shows them: the ones probed, and the ones listed only (the split lib/model/probe-totals.ts counts with). */
export function splitTargets(doc: Pick<ProbesResponse, 'targets'>): { probed: ProbeTargetStatus[]; listed: ProbeTargetStatus[] } {
  return { probed: doc.targets.filter((t) => t.probe), listed: doc.targets.filter((t) => !t.probe) };
}

/** "every 60 s" / "on demand only" */
export function describeSchedule(scheduleMs: number): string {
  if (scheduleMs <= 0) return 'on demand only';
  const s = Math.round(scheduleMs / 1000);
  return s % 60 === 0 ? `every ${s / 60} min` : `every ${s} s`;
}

export function endpointOf(t: Pick<ProbeTargetStatus, 'host' | 'port'>): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
