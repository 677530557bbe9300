// The edge probe scheduler: runs the probe-able targets every `scheduleMs` (never two runs at once;
// a run asked for during another joins it when that run covers it, else all such requests share
// one follow-up run, started no sooner than `minRunGapMs` after the previous one), keeps the last samples of every (target, kind) in a
// ring buffer for the charts, and builds the GET /api/v1/probes document: latest reports, history,
// the Alt-Svc verdicts and the edge findings (analyzeEdge). A probe failure is data; nothing here
// may throw out of a scheduled run and take the server down.
import { isIP } from 'node:net';
import type { Finding, ProbeDnsStatus, ProbeHistoryPoint, ProbeKind, ProbeKindStatus, ProbeReport, ProbeRunPoint, ProbeSample, ProbesResponse, ProbeTargetStatus } from '@/lib/model';
import { analyzeEdge, type DnsObservation, type EdgeTargetObservation } from '@/lib/analyzers/edge';
import { altSvcConsistency, overallH3Verdict } from '@/lib/analyzers/alt-svc-verdict';
import { summarizeProbe } from '@/lib/analyzers/probe-summary';
import { describeProbeFailure, lastFailure } from '@/lib/analyzers/probe-words';
import type { H3Runner } from '@/probes/h3/probe-h3';
import type { Resolution } from '@/probes/dns/resolve';
import { sampleProbe, targetLabel, type ProbeFn } from './probe-plan';
import type { ProbeTargetSpec, TargetList } from './probe-targets';
import { RingBuffer } from './ring-buffer';
import type { ProbeSettings } from './config';

/** The part of the probe settings (server/config.ts) the scheduler runs on. */
export type SchedulerSettings = Pick<ProbeSettings, 'samples' | 'sampleIntervalMs' | 'timeoutMs' | 'scheduleMs' | 'concurrency' | 'historySize' | 'probeDiscovered'>;

export interface SchedulerDeps {
  settings: SchedulerSettings;
  /** Every target (configured and discovered), read at each run and each snapshot. */
  loadTargets(): Promise<TargetList>;
  /** Resolves a hostname target from the server's vantage point. */
  resolve(name: string): Promise<Resolution>;
  h3Runner?: H3Runner;
  /** Replace the real probes (tests). */
  probes?: Partial<Record<ProbeKind, ProbeFn>>;
  /** Earlier samples of a target and kind (the history store), loaded when it is first probed. */
  seedHistory?: (target: string, kind: ProbeKind, limit: number) => ProbeHistoryPoint[];
  /** Replace the edge analysis (tests: an analyzer that throws). */
  analyze?: typeof analyzeEdge;
  now?: () => Date;
  log?: (message: string) => void;
  /** Least spacing between the starts of two runs (rate limit of POST /run; default 0). */
  minRunGapMs?: number;
  /** Told after every run (health of the probes source, metrics, history). */
  onRun?: (outcome: { ok: boolean; error: string | null; reports: ReadonlyArray<{ target: string; kind: ProbeKind; report: ProbeReport }> }) => void;
}

export interface RunSelection {
  /** Target names; all probe-able targets when absent. */
  targets?: readonly string[];
  kinds?: readonly ProbeKind[];
}

/** A POST /run asked for something that is not a known, probe-able target. */
export class ProbeSelectionError extends Error {
  override readonly name = 'ProbeSelectionError';
  constructor(
    readonly code: 'unknown-target' | 'not-probed',
    message: string,
  ) {
    super(message);
  }
}

interface KindState {
  report: ProbeReport;
  at: string;
  history: RingBuffer<ProbeHistoryPoint>;
  runs: RingBuffer<ProbeRunPoint>;
}

interface DnsState {
  resolution: Resolution;
  lbIps: string[];
  /** TCP probe of the LB IP with SNI = the hostname (the hairpin comparison), when it was allowed. */
  viaLb: ProbeReport | null;
}

interface TargetState {
  kinds: Map<ProbeKind, KindState>;
  dns: DnsState | null;
}

interface Job {
  run(): Promise<void>;
}

/** A run in flight or waiting: requests join it while it covers what they ask for. */
interface RunSlot {
  selection: RunSelection;
  promise: Promise<void>;
}

function subset(want: readonly string[] | undefined, have: readonly string[] | undefined): boolean {
  if (have === undefined) return true;
  if (want === undefined) return false;
  return want.every((x) => have.includes(x));
}

function covers(run: RunSelection, asked: RunSelection): boolean {
  return subset(asked.targets, run.targets) && subset(asked.kinds, run.kinds);
}

function union<T extends string>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] | undefined {
  if (a === undefined || b === undefined) return undefined;
  return [...new Set([...a, ...b])];
}

/** History and runs kept per (target, kind): runs are coarser, a fifth of the samples is plenty. */
function runsCapacity(historySize: number): number {
  return Math.max(10, Math.ceil(historySize / 5));
}

/** The identity of a target's history: a name reused for another address starts afresh. */
function stateKey(t: ProbeTargetSpec): string {
  return `${t.name}|${t.host}|${t.port}|${t.sni ?? ''}|${t.path ?? ''}`;
}

function isHostname(host: string): boolean {
  return isIP(host) === 0;
}

export class ProbeScheduler {
  private readonly state = new Map<string, TargetState>();
  private current: RunSlot | null = null;
  private pending: RunSlot | null = null;
  private lastStartAt = 0;
  private lastAnalysisError: string | null = null;
  private runReports: Array<{ target: string; kind: ProbeKind; report: ProbeReport }> = [];
  private lastRunAt: string | null = null;
  private nextRunAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly now: () => Date;
  private readonly log: (message: string) => void;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.log ?? ((m) => console.error(`edgelens probes: ${m}`));
  }

  /** Every target as the scheduler sees it now (configured, lab, discovered). */
  listTargets(): Promise<TargetList> {
    return this.deps.loadTargets();
  }

  /** Starts the periodic runs (the first one now); nothing when scheduleMs is 0. */
  start(): void {
    this.stopped = false;
    if (this.deps.settings.scheduleMs > 0 && this.timer === null) this.scheduleIn(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }

  /** Resolves when every queued run has finished (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const slot = this.pending ?? this.current;
      if (!slot) return;
      await slot.promise;
    }
  }

  private scheduleIn(delayMs: number): void {
    if (this.stopped) return;
    this.nextRunAt = this.now().getTime() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      const started = this.now().getTime();
      // A scheduled run never piles up behind another: skip when one is going on.
      const run = this.current ? Promise.resolve() : this.enqueue({});
      void run.finally(() => this.scheduleIn(Math.max(1_000, started + this.deps.settings.scheduleMs - this.now().getTime())));
    }, delayMs);
    this.timer.unref?.();
  }

  /**
   * Runs the selection now (after any run in progress) and returns the new document.
   * Unknown or never-probed names are a ProbeSelectionError, checked before anything is sent.
   */
  async run(selection: RunSelection = {}): Promise<ProbesResponse> {
    const { targets } = await this.deps.loadTargets();
    for (const name of selection.targets ?? []) {
      const t = targets.find((x) => x.name === name);
      if (!t) throw new ProbeSelectionError('unknown-target', `no probe target named "${name}"; known: ${targets.map((x) => x.name).join(', ') || 'none'}`);
      if (!t.probe) throw new ProbeSelectionError('not-probed', `target "${name}" is not probed: ${t.reason ?? 'not allowed'}`);
    }
    await this.enqueue(selection);
    return this.snapshot();
  }

  /**
   * Coalesces: a request joins the run in flight when that run covers it; else it joins the one
   * follow-up run (whose selection grows to the union of what was asked). So N requests at once
   * are one run, or two — never N — and an abandoned request leaves no work of its own behind.
   */
  private enqueue(selection: RunSelection): Promise<void> {
    if (this.current && covers(this.current.selection, selection)) return this.current.promise;
    if (this.pending) {
      this.pending.selection = { targets: union(this.pending.selection.targets, selection.targets), kinds: union(this.pending.selection.kinds, selection.kinds) };
      return this.pending.promise;
    }
    const before = this.current?.promise ?? Promise.resolve();
    const slot: RunSlot = { selection, promise: Promise.resolve() };
    slot.promise = before
      .then(() => this.waitForGap())
      .then(async () => {
        this.pending = null;
        this.current = slot;
        this.lastStartAt = Date.now();
        await this.runSafely(slot.selection);
      })
      .finally(() => {
        if (this.current === slot) this.current = null;
      });
    this.pending = slot;
    return slot.promise;
  }

  private seed(name: string, kind: ProbeKind): ProbeHistoryPoint[] {
    try {
      return this.deps.seedHistory?.(name, kind, this.deps.settings.historySize) ?? [];
    } catch (err) {
      this.log(`reading the probe history failed: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  private waitForGap(): Promise<void> {
    const wait = this.lastStartAt + (this.deps.minRunGapMs ?? 0) - Date.now();
    return wait > 0 ? new Promise((r) => setTimeout(r, wait)) : Promise.resolve();
  }

  private async runSafely(selection: RunSelection): Promise<void> {
    this.runReports = [];
    let error: string | null = null;
    try {
      await this.runOnce(selection);
    } catch (err) {
      error = `a probe run failed: ${err instanceof Error ? err.message : String(err)}`;
      this.log(error);
    }
    try {
      this.deps.onRun?.({ ok: error === null, error, reports: this.runReports });
    } catch (err) {
      this.log(`recording a probe run failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.runReports = [];
  }

  private async runOnce(selection: RunSelection): Promise<void> {
    const { targets } = await this.deps.loadTargets();
    const names = selection.targets ? new Set(selection.targets) : null;
    const chosen = targets.filter((t) => t.probe && (names === null || names.has(t.name)));
    if (chosen.length === 0) return;
    const jobs: Job[] = [];
    for (const target of chosen) {
      const kinds = target.kinds.filter((k) => !selection.kinds || selection.kinds.includes(k));
      if (kinds.length > 0) jobs.push(...(await this.jobsFor(target, kinds, targets)));
    }
    await runBounded(jobs, this.deps.settings.concurrency, this.log);
    this.lastRunAt = this.now().toISOString();
  }

  private targetState(t: ProbeTargetSpec): TargetState {
    const key = stateKey(t);
    let s = this.state.get(key);
    if (!s) {
      s = { kinds: new Map(), dns: null };
      this.state.set(key, s);
    }
    return s;
  }

  /** The jobs of one target: its kinds, and for a hostname the DNS lookup first and the LB comparison probe. */
  private async jobsFor(target: ProbeTargetSpec, kinds: readonly ProbeKind[], all: readonly ProbeTargetSpec[]): Promise<Job[]> {
    const { settings } = this.deps;
    const st = this.targetState(target);
    let connectHost = target.host;
    let unresolved: string | null = null;
    if (isHostname(target.host)) {
      const resolution = await this.deps.resolve(target.host).catch(
        (err: unknown): Resolution => ({ name: target.host, addresses: [], error: err instanceof Error ? err.message : String(err), resolver: 'unknown' }),
      );
      const lbIps = lbIpsFor(target, all);
      st.dns = { resolution, lbIps, viaLb: st.dns?.viaLb ?? null };
      const first = resolution.addresses[0];
      if (first) connectHost = first;
      else unresolved = `cannot resolve ${target.host} (${resolution.resolver}): ${resolution.error ?? 'no addresses'}`;
    }
    const sni = target.sni ?? (isHostname(target.host) ? target.host : undefined);
    const label = targetLabel(target);
    const jobs: Job[] = kinds.map((kind) => ({
      run: async () => {
        const report = unresolved
          ? unresolvedReport(kind, label, sni ?? null, unresolved, this.now())
          : await sampleProbe(kind, { host: connectHost, port: target.port, sni, path: target.path ?? undefined }, {
              samples: settings.samples,
              intervalMs: settings.sampleIntervalMs,
              timeoutMs: target.timeoutMs ?? settings.timeoutMs,
              insecure: target.insecure,
              h3Runner: this.deps.h3Runner,
              probes: this.deps.probes,
            });
        this.record(st, kind, { ...report, target: label }, target.name);
        this.runReports.push({ target: target.name, kind, report });
      },
    }));
    // Hairpin check: the same name straight at its LoadBalancer, only where sending there is allowed.
    const dns = st.dns;
    const lbToProbe = dns && !unresolved ? dns.lbIps.find((ip) => !dns.resolution.addresses.includes(ip) && this.mayProbeLb(target, ip, all)) : undefined;
    if (dns && lbToProbe) {
      jobs.push({
        run: async () => {
          dns.viaLb = await sampleProbe('tcp', { host: lbToProbe, port: target.port, sni, path: target.path ?? undefined }, {
            samples: settings.samples,
            intervalMs: settings.sampleIntervalMs,
            timeoutMs: target.timeoutMs ?? settings.timeoutMs,
            insecure: target.insecure,
            probes: this.deps.probes,
          });
        },
      });
    } else if (dns) dns.viaLb = null;
    return jobs;
  }

  /** The operator named this LB for the target (`lb`), or it is a discovered LB that may be probed. */
  private mayProbeLb(target: ProbeTargetSpec, ip: string, all: readonly ProbeTargetSpec[]): boolean {
    if (target.lb === ip) return true;
    return all.some((t) => t.source === 'discovered' && t.host === ip && t.probe);
  }

  private record(st: TargetState, kind: ProbeKind, report: ProbeReport, name: string): void {
    const { historySize } = this.deps.settings;
    const at = this.now().toISOString();
    let ks = st.kinds.get(kind);
    if (!ks) {
      ks = { report, at, history: new RingBuffer(historySize), runs: new RingBuffer(runsCapacity(historySize)) };
      // A restarted server's charts start from the recorded samples, not from nothing.
      for (const p of this.seed(name, kind)) ks.history.push(p);
      st.kinds.set(kind, ks);
    }
    ks.report = report;
    ks.at = at;
    for (const r of report.results) {
      ks.history.push({ at: r.at ?? at, ok: r.ok, handshakeMs: r.handshakeMs, totalMs: r.totalMs, error: r.error });
    }
    ks.runs.push({ at, samples: report.samples, ok: report.ok, p50Ms: report.p50Ms ?? null, p95Ms: report.p95Ms ?? null });
  }

  /** The GET /api/v1/probes document. */
  async snapshot(): Promise<ProbesResponse> {
    const { targets, error } = await this.deps.loadTargets();
    const live = new Set(targets.map(stateKey));
    // Forget targets that left the configuration: memory follows the list. Not while the list is
    // unreadable (a file caught mid-write): its history comes back with the next good read.
    if (error === null) for (const key of this.state.keys()) if (!live.has(key)) this.state.delete(key);

    const statuses: ProbeTargetStatus[] = targets.map((t) => this.statusOf(t));
    const observations: EdgeTargetObservation[] = [];
    const dns: DnsObservation[] = [];
    for (const t of targets) {
      const st = this.state.get(stateKey(t));
      if (!st) continue;
      const tcp = st.kinds.get('tcp')?.report ?? null;
      const h3 = st.kinds.get('h3')?.report ?? null;
      if (tcp || h3) observations.push({ endpoint: targetLabel(t), tcp, h3 });
      if (st.dns && st.dns.lbIps.length > 0 && st.dns.resolution.addresses.length > 0) {
        dns.push({ name: t.host, internal: st.dns.resolution.addresses, lbIps: st.dns.lbIps, viaInternal: tcp, viaLb: st.dns.viaLb });
      }
    }
    // An analyzer that throws is an error the user sees (analysisError), never "no findings".
    let findings: Finding[] = [];
    let analysisError: string | null = null;
    try {
      findings = (this.deps.analyze ?? analyzeEdge)({ targets: observations, dns });
    } catch (err) {
      analysisError = `the edge analysis failed (a bug in edgelens; findings cannot be trusted): ${err instanceof Error ? err.message : String(err)}`;
      if (analysisError !== this.lastAnalysisError) this.log(analysisError);
    }
    this.lastAnalysisError = analysisError;
    const { settings } = this.deps;
    return {
      targets: statuses,
      findings,
      h3: overallH3Verdict(statuses.filter((s) => s.probe)),
      lastRunAt: this.lastRunAt,
      nextRunAt: this.nextRunAt === null ? null : new Date(this.nextRunAt).toISOString(),
      running: this.current !== null,
      settings: {
        samples: settings.samples,
        sampleIntervalMs: settings.sampleIntervalMs,
        timeoutMs: settings.timeoutMs,
        scheduleMs: settings.scheduleMs,
        concurrency: settings.concurrency,
        probeDiscovered: settings.probeDiscovered,
      },
      configError: error,
      analysisError,
    };
  }

  private statusOf(t: ProbeTargetSpec): ProbeTargetStatus {
    const st = this.state.get(stateKey(t));
    const kindStatus = (kind: ProbeKind): ProbeKindStatus | undefined => {
      const ks = st?.kinds.get(kind);
      if (!ks) return undefined;
      const failed = lastFailure(ks.report.results);
      return {
        ...ks.report,
        at: ks.at,
        successRatio: ks.report.samples === 0 ? 0 : ks.report.ok / ks.report.samples,
        lastError:
          failed && failed.error
            ? {
                error: failed.error,
                phase: failed.phase,
                detail: failed.detail ?? null,
                words: describeProbeFailure(kind, failed, { port: t.port, timeoutMs: t.timeoutMs ?? this.deps.settings.timeoutMs }),
                at: failed.at ?? null,
              }
            : null,
        history: ks.history.toArray(),
        runs: ks.runs.toArray(),
      };
    };
    const tcp = kindStatus('tcp');
    const h3 = kindStatus('h3');
    const dns: ProbeDnsStatus | undefined = st?.dns
      ? { name: t.host, addresses: st.dns.resolution.addresses, lbIps: st.dns.lbIps, error: st.dns.resolution.error, resolver: st.dns.resolution.resolver }
      : undefined;
    return {
      name: t.name,
      host: t.host,
      port: t.port,
      sni: t.sni,
      path: t.path,
      source: t.source,
      probe: t.probe,
      ...(t.reason ? { reason: t.reason } : {}),
      kinds: t.kinds,
      ...(tcp ? { tcp } : {}),
      ...(h3 ? { h3 } : {}),
      altSvc: altSvcConsistency(tcp, h3),
      ...(dns ? { dns } : {}),
    };
  }
}

/** The LB IPs that should serve a hostname target: its `lb`, else discovered LBs on the same port. */
function lbIpsFor(target: ProbeTargetSpec, all: readonly ProbeTargetSpec[]): string[] {
  if (target.lb) return [target.lb];
  return all.filter((t) => t.source === 'discovered' && t.port === target.port && t.kinds.includes('tcp')).map((t) => t.host);
}

/** A name that does not resolve: one failed sample with the reason, and not a packet sent. */
function unresolvedReport(kind: ProbeKind, label: string, sni: string | null, detail: string, now: Date): ProbeReport {
  const sample: ProbeSample = {
    ok: false,
    phase: kind === 'h3' ? 'quic' : 'connect',
    error: 'unreachable',
    detail,
    handshakeMs: null,
    totalMs: null,
    alpn: null,
    status: null,
    altSvc: null,
    at: now.toISOString(),
  };
  return summarizeProbe({ kind, target: label, sni, results: [sample] });
}

async function runBounded(jobs: readonly Job[], concurrency: number, log: (message: string) => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (;;) {
      const job = jobs[next++];
      if (!job) return;
      try {
        await job.run();
      } catch (err) {
        // sampleProbe does not throw for network trouble; anything else must not stop the other jobs.
        log(`a probe job failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, lane));
}
