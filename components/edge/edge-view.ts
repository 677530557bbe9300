// Pure view helpers for the Edge page: probe verdicts as tone + word, numbers as text, and the
// chart series. No React, no fetching: the components stay thin and this stays testable.
import type { AltSvcVerdict, ProbeKind, ProbeKindStatus, ProbesResponse, ProbeTargetStatus, ProbeVerdict } from '@/lib/model';
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

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Targets split the way the page shows them: the ones probed, and the ones listed only. */
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
