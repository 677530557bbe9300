// Pure summaries of probe samples: the per-target verdict and handshake percentiles of a
// ProbeReport (CONTRACT.md `probe`). No I/O, no clock.
import type { ProbeKind, ProbeReport, ProbeSample, ProbeVerdict } from '../model/probe';

/** ok = every sample ok; failing = none ok; intermittent = some of each. */
export function verdictOf(ok: number, total: number): ProbeVerdict {
  if (total > 0 && ok === total) return 'ok';
  if (ok === 0) return 'failing';
  return 'intermittent';
}

/**
 * Nearest-rank percentile (the value at rank ⌈p·n⌉ of the sorted values): always an observed
 * value, and p95 of 5 samples is the slowest one — what a user expects from a small sample.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

export interface ProbeReportInput {
  kind: ProbeKind;
  /** `host:port` as the user wrote it (IPv6 in brackets). */
  target: string;
  sni: string | null;
  results: readonly ProbeSample[];
}

/**
 * Builds the report: counts, verdict, and p50/p95 of handshakeMs over the SUCCESSFUL samples only.
 * A sample whose handshake finished but whose certificate was rejected is a failure: its timing
 * must not make a failing target look like it has a latency. No successes → null percentiles.
 */
export function summarizeProbe(input: ProbeReportInput): ProbeReport {
  const ok = input.results.filter((r) => r.ok).length;
  const handshakes = input.results.filter((r) => r.ok).map((r) => r.handshakeMs).filter((v): v is number => v !== null && Number.isFinite(v));
  return {
    kind: input.kind,
    target: input.target,
    sni: input.sni,
    samples: input.results.length,
    ok,
    failed: input.results.length - ok,
    verdict: verdictOf(ok, input.results.length),
    p50Ms: percentile(handshakes, 50),
    p95Ms: percentile(handshakes, 95),
    results: [...input.results],
  };
}

/** "timeout ×3, refused ×1": how the failed samples of a report failed, most frequent first. */
export function errorBreakdown(results: readonly ProbeSample[]): Array<{ error: string; count: number; detail: string | null }> {
  const byError = new Map<string, { count: number; detail: string | null }>();
  for (const r of results) {
    if (r.ok || r.error === null) continue;
    const entry = byError.get(r.error) ?? { count: 0, detail: r.detail ?? null };
    entry.count++;
    byError.set(r.error, entry);
  }
  return [...byError.entries()].map(([error, v]) => ({ error, ...v })).sort((a, b) => b.count - a.count || a.error.localeCompare(b.error));
}
