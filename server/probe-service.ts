// Wires the probe scheduler to the server: configured targets (env / file), discovered targets
// from the cached cluster report, the DNS resolver, and the HTTP/3 runner the Next.js server can
// start. Created once per runtime (runtime.ts), started on first use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { edgelensHome } from '@/lab/paths';
import type { ClusterReport, ProbeHistoryPoint, ProbeKind } from '@/lib/model';
import { defaultH3Runner, runnerFor, type H3Runner } from '@/probes/h3/probe-h3';
import { parseDnsServer, resolveName } from '@/probes/dns/resolve';
import type { ProbeSettings } from './config';
import { ProbeScheduler } from './probe-scheduler';
import { ConfiguredTargets, discoverTargets, mergeTargets, type DiscoveryMode, type ProbeTargetSpec, type TargetList } from './probe-targets';
import type { ProbeRunRecord } from './metrics-registry';

export interface ProbeServiceOptions {
  settings: ProbeSettings;
  mode: DiscoveryMode;
  getClusterReport(): Promise<ClusterReport>;
  /** Earlier samples from the history store, for the charts after a restart. */
  seedHistory?: (target: string, kind: ProbeKind, limit: number) => ProbeHistoryPoint[];
  /** Told after every run: the probes source's health, metrics, history. */
  onRun?: (outcome: { ok: boolean; error: string | null; reports: readonly ProbeRunRecord[] }) => void;
  /** Lab mode: the live loopback targets (server/lab-targets.ts), listed after the configured ones. */
  labTargets?: () => ProbeTargetSpec[];
  /** Lab mode: why a live lab target could not start (shown with the target list's problems). */
  labProblems?: () => string[];
}

/** Least spacing between two probe runs: POST /api/v1/probes/run cannot make edgelens a packet cannon. */
export const MIN_RUN_GAP_MS = 1_000;

/**
 * The runner the server starts for HTTP/3 probes: the bundled `dist/h3-runner.mjs` of the package
 * (`edgelens serve` builds it), else the default lookup (source checkout / tests).
 */
export function serverH3Runner(): H3Runner {
  const bundled = join(edgelensHome(), 'dist', 'h3-runner.mjs');
  return existsSync(bundled) ? runnerFor(bundled) : defaultH3Runner();
}

export function createProbeService(opts: ProbeServiceOptions): ProbeScheduler {
  const { settings } = opts;
  const configured = new ConfiguredTargets({ json: settings.targetsJson, file: settings.targetsFile });
  const dnsServer = settings.dnsServer === undefined ? undefined : parseDnsServer(settings.dnsServer);
  const dnsError = settings.dnsServer !== undefined && dnsServer === null ? `EDGELENS_DNS_SERVER: "${settings.dnsServer}" is not ADDRESS[:PORT] with an IP address` : null;

  const loadTargets = async (): Promise<TargetList> => {
    const list = await configured.load();
    let discovered: TargetList['targets'] = [];
    try {
      discovered = discoverTargets(await opts.getClusterReport(), { mode: opts.mode, probeDiscovered: settings.probeDiscovered });
    } catch {
      // No cluster report (API down, not configured): configured targets still run; the
      // Overview shows why the cluster cannot be read.
    }
    const labErrors = (opts.labProblems?.() ?? []).map((p) => `lab target not started: ${p}`);
    const errors = [list.error, dnsError, ...labErrors].filter((e): e is string => e !== null);
    // Lab targets keep their fixed names; a configured target of the same name wins.
    const names = new Set(list.targets.map((t) => t.name));
    const lab = (opts.labTargets?.() ?? []).filter((t) => !names.has(t.name));
    return { targets: mergeTargets([...list.targets, ...lab], discovered), error: errors.length > 0 ? errors.join('; ') : null };
  };

  return new ProbeScheduler({
    settings,
    loadTargets,
    resolve: (name) => resolveName(name, { server: dnsServer ?? undefined, timeoutMs: Math.min(settings.timeoutMs, 5_000) }),
    h3Runner: serverH3Runner(),
    minRunGapMs: MIN_RUN_GAP_MS,
    onRun: opts.onRun,
    seedHistory: opts.seedHistory,
  });
}
