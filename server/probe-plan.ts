// Sampling: run a probe N times with pacing and summarise it (sampleProbe), and run many targets
// with bounded concurrency (runProbePlan). I/O orchestration only; verdicts and percentiles come
// from the pure lib/analyzers/probe-summary.ts.
import type { ProbeKind, ProbeReport, ProbeSample } from '../lib/model/probe';
import { summarizeProbe } from '../lib/analyzers/probe-summary';
import { probeTcp } from '../probes/tcp/probe-tcp';
import { probeH3, type H3Runner } from '../probes/h3/probe-h3';

export interface ProbeTarget {
  host: string;
  port: number;
  sni?: string;
  path?: string;
}

export type ProbeFn = (target: ProbeTarget, opts: ProbeCallOptions) => Promise<ProbeSample>;

export interface ProbeCallOptions {
  timeoutMs: number;
  insecure?: boolean;
  ca?: string | string[];
  signal?: AbortSignal;
  h3Runner?: H3Runner;
}

export interface SampleOptions extends Omit<ProbeCallOptions, 'timeoutMs'> {
  samples: number;
  /** Start-to-start spacing of samples (ms). A slow sample delays the next; samples never pile up. */
  intervalMs: number;
  timeoutMs: number;
  /** Samples of this target in flight at once (default 1: strictly paced). */
  concurrency?: number;
  /** Replaces the real probes (tests, dry runs). */
  probes?: Partial<Record<ProbeKind, ProbeFn>>;
}

const REAL_PROBES: Record<ProbeKind, ProbeFn> = {
  tcp: (t, o) => probeTcp(t, { timeoutMs: o.timeoutMs, insecure: o.insecure, ca: o.ca, signal: o.signal }),
  h3: (t, o) => probeH3(t, { timeoutMs: o.timeoutMs, insecure: o.insecure, ca: o.ca, signal: o.signal, runner: o.h3Runner }),
};

export function targetLabel(t: Pick<ProbeTarget, 'host' | 'port'>): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

export async function sampleProbe(kind: ProbeKind, target: ProbeTarget, opts: SampleOptions): Promise<ProbeReport> {
  if (!Number.isInteger(opts.samples) || opts.samples < 1) throw new RangeError(`samples must be a positive integer, got ${opts.samples}`);
  const probe = opts.probes?.[kind] ?? REAL_PROBES[kind];
  const results: ProbeSample[] = new Array<ProbeSample>(opts.samples);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 1, opts.samples));
  const start = performance.now();
  let next = 0;
  const call: ProbeCallOptions = { timeoutMs: opts.timeoutMs, insecure: opts.insecure, ca: opts.ca, signal: opts.signal, h3Runner: opts.h3Runner };
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.samples) return;
      const due = start + i * opts.intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait, opts.signal);
      results[i] = await probe(target, call);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return summarizeProbe({ kind, target: targetLabel(target), sni: target.sni ?? null, results });
}

export interface PlanTarget extends ProbeTarget {
  kind: ProbeKind;
  /** Per-target overrides of the plan defaults. */
  samples?: number;
  intervalMs?: number;
  timeoutMs?: number;
}

export interface PlanOptions extends Omit<SampleOptions, 'samples' | 'intervalMs' | 'timeoutMs' | 'concurrency'> {
  /** Targets sampled at once (default 16). */
  concurrency?: number;
  samples?: number;
  intervalMs?: number;
  timeoutMs?: number;
  /** Called as each target finishes (in completion order), e.g. to stream results out. */
  onReport?: (report: ProbeReport, index: number) => void;
}

/**
 * Samples every target, at most `concurrency` targets at a time, and returns the reports in the
 * order of `targets`. Memory stays flat in the number of probes in flight: nothing but the
 * (small) reports is kept.
 */
export async function runProbePlan(targets: readonly PlanTarget[], opts: PlanOptions = {}): Promise<ProbeReport[]> {
  const reports: ProbeReport[] = new Array<ProbeReport>(targets.length);
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 16, targets.length || 1));
  let next = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      const t = targets[i];
      if (i >= targets.length || !t) return;
      const report = await sampleProbe(t.kind, t, {
        ...opts,
        samples: t.samples ?? opts.samples ?? 5,
        intervalMs: t.intervalMs ?? opts.intervalMs ?? 200,
        timeoutMs: t.timeoutMs ?? opts.timeoutMs ?? 5_000,
        concurrency: 1,
      });
      reports[i] = report;
      opts.onReport?.(report, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return reports;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
