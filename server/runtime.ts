// The server's long-lived state, created once per process on first use: the cluster
// source (starting the embedded lab when no cluster is configured), a cached cluster
// report invalidated by a Kubernetes watch, and the lab controls.
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterReport, ClusterSnapshot } from '@/lib/model';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { withHealthChecks } from './health-checks';
import { watchChanges } from '@/probes/kube/watch-changes';
import { ApiError } from './api-error';
import { createClusterCache } from './cluster-cache';
import { openClusterSource, type ClusterSource } from './cluster-source';
import { loadServerConfig, type ServerConfig } from './config';
import { createProbeService } from './probe-service';
import type { ProbeScheduler } from './probe-scheduler';
import { sourceHealth } from './source-health';
import { openHistory, type HistoryStore } from './history-store';
import { processMetrics, type ProbeRunRecord } from './metrics-registry';
import { startLabTargets, type LabTargets } from './lab-targets';
import { AgentStore } from './agents';

export interface Runtime {
  config: ServerConfig;
  source: ClusterSource;
  getClusterReport(): Promise<ClusterReport>;
  /** The snapshot behind the current report (same cache and freshness), for what-if planning. */
  getSnapshot(): Promise<ClusterSnapshot>;
  /** Marks the cached report stale (watch event, lab switch). */
  invalidate(): void;
  /** History (SQLite): probe samples, client classes, findings timeline. */
  history: HistoryStore;
  /** The latest agent report per node. */
  agents: AgentStore;
  /** The edge probe scheduler, created and started on first use. */
  probes(): ProbeScheduler;
  close(): Promise<void>;
}

const WATCHED_KINDS = ['Service', 'EndpointSlice', 'Node', 'ServiceL2Status', 'L2Advertisement', 'IPAddressPool', 'Event'] as const;

async function createRuntime(env: NodeJS.ProcessEnv): Promise<Runtime> {
  const config = loadServerConfig(env);
  const snapshotText = config.mode === 'snapshot' && config.snapshotPath ? await readFile(config.snapshotPath, 'utf8') : undefined;
  const source = await openClusterSource({
    mode: config.mode === 'snapshot' ? 'snapshot' : config.mode,
    snapshotText,
    snapshotName: config.snapshotPath,
    kubeconfigPath: config.kubeconfigPath,
    context: config.context,
    scenario: config.labScenario,
    timeoutMs: config.readTimeoutMs,
  });

  const health = sourceHealth();
  const history = openRuntimeHistory(config, source.mode);
  const unsubscribe = health.subscribe((s, up, reason) => history.recordSource(s, up, reason));
  if (source.mode === 'snapshot') health.ok('kube');
  const cache = createClusterCache({
    read: (signal) => source.read(signal),
    // Opt-in (EDGELENS_CHECK_HEALTH_NODE_PORTS, live cluster only): kube-proxy's own answer confirms or refutes the ETP=Local findings.
    analyze: async (snapshot, now) => ({
      ...(await withHealthChecks(snapshot, analyzeCluster(snapshot, { now }), now, { enabled: config.checkHealthNodePorts, mode: source.mode, timeoutMs: 2_000 })),
      generatedAt: now.toISOString(),
      scenario: source.lab?.scenario ?? undefined,
    }),
    ttlMs: config.clusterTtlMs,
    readTimeoutMs: config.readTimeoutMs,
    health,
    sourceName: source.mode === 'lab' ? 'lab' : source.mode === 'snapshot' ? 'snapshot' : 'kube',
    onRead: (read, fresh) => {
      if (fresh) history.recordReport(read.report);
    },
  });
  const watchAbort = new AbortController();

  if (source.kubeConfig) {
    void watchChanges(source.kubeConfig, {
      kinds: [...WATCHED_KINDS],
      onChange: cache.invalidate,
      signal: watchAbort.signal,
      debounceMs: 200,
      // A lost watch means the cached report may be stale: re-read now instead of at the TTL.
      onError: (kind, err) => {
        health.fail('watch', `watch on ${kind}: ${err instanceof Error ? err.message : String(err)}`);
        cache.recheck();
      },
      onConnected: () => health.ok('watch'),
      maxBackoffMs: 5_000,
      listTimeoutMs: config.readTimeoutMs,
    });
  }

  const current = () => cache.current();
  const onProbeRun = (reports: readonly ProbeRunRecord[]) => history.recordProbeRun(reports);

  let probes: ProbeScheduler | null = null;
  let labTargets: LabTargets | null = null;
  const getClusterReport = async () => (await current()).report;

  const runtime: Runtime = {
    config,
    source,
    history,
    probes: () => {
      if (!probes) {
        const scheduler = createProbeService({
          settings: config.probes,
          mode: source.mode,
          getClusterReport,
          labTargets: () => labTargets?.targets() ?? [],
          labProblems: () => labTargets?.problems() ?? [],
          seedHistory: (target, kind, limit) => history.probeHistory(target, kind, Date.now() - 86_400_000, limit),
          onRun: (run) => {
            if (run.ok) health.ok('probes');
            else health.fail('probes', run.error ?? 'the probe run failed');
            processMetrics().recordProbeRun(run.reports);
            onProbeRun(run.reports);
          },
        });
        probes = scheduler;
        probes.start();
        if (source.mode === 'lab' && config.labTargets) {
          // Probed once as soon as they listen, whatever the schedule: the first Edge page is live.
          labTargets = startLabTargets({
            onReady: (names) => void scheduler.run({ targets: names }).catch((err: unknown) => console.error(`edgelens: lab target probe failed: ${String(err)}`)),
            log: (m) => console.error(`edgelens: ${m}`),
          });
        }
      }
      return probes;
    },
    invalidate: cache.invalidate,
    agents: new AgentStore(),
    getClusterReport,
    getSnapshot: async () => (await current()).snapshot,
    close: async () => {
      watchAbort.abort();
      cache.close();
      probes?.stop();
      unsubscribe();
      history.close();
      await labTargets?.stop();
      await source.close();
    },
  };
  // Scheduled probes run from the first request on, whether or not anyone opens the Edge page.
  runtime.probes();
  return runtime;
}

/** EDGELENS_HISTORY_PATH; a temp file in lab mode; else memory only. A file that cannot be opened is logged and replaced by memory. */
function openRuntimeHistory(config: ServerConfig, mode: string): HistoryStore {
  // The lab's file is a scratch file of this process: removed when the runtime closes.
  const scratch = config.historyPath === undefined && mode === 'lab' ? mkdtempSync(join(tmpdir(), 'edgelens-history-')) : null;
  const path = config.historyPath ?? (scratch ? join(scratch, 'history.sqlite') : ':memory:');
  let store: HistoryStore;
  try {
    store = openHistory({ path, retentionMs: config.historyRetentionMs });
  } catch (err) {
    console.error(`edgelens: cannot open the history file ${path} (${err instanceof Error ? err.message : String(err)}); keeping history in memory only`);
    store = openHistory({ path: ':memory:', retentionMs: config.historyRetentionMs });
  }
  if (!scratch) return store;
  // Also on process exit (SIGTERM → Next's process.exit): a lab server leaves no temp files behind.
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  process.once('exit', removeScratch);
  return {
    ...store,
    close: () => {
      store.close();
      process.removeListener('exit', removeScratch);
      removeScratch();
    },
  };
}

// Next.js may load this module more than once (one copy per route bundle): keep one runtime per process.
const KEY = Symbol.for('edgelens.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createRuntime(process.env).catch((err: unknown) => {
    delete holder[KEY];
    throw new ApiError(503, 'not-configured', err instanceof Error ? err.message : String(err), { cause: err });
  });
  return holder[KEY];
}
