// The server's long-lived state, created once per process on first use: the cluster
// source (starting the embedded lab when no cluster is configured), a cached cluster
// report invalidated by a Kubernetes watch, and the lab controls.
import { readFile } from 'node:fs/promises';
import type { ClusterReport, ClusterSnapshot } from '@/lib/model';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { watchChanges } from '@/probes/kube/watch-changes';
import { ApiError } from './api-error';
import { openClusterSource, type ClusterSource } from './cluster-source';
import { loadServerConfig, type ServerConfig } from './config';
import { createProbeService } from './probe-service';
import type { ProbeScheduler } from './probe-scheduler';
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
  });

  // Every change (watch event, lab switch) bumps the generation. A read started before the
  // change belongs to the old generation: it is neither returned to later callers nor allowed
  // to overwrite a newer cached report.
  type Read = { report: ClusterReport; snapshot: ClusterSnapshot };
  let generation = 0;
  let cached: (Read & { at: number; generation: number }) | null = null;
  let inflight: { generation: number; promise: Promise<Read> } | null = null;
  const watchAbort = new AbortController();
  const markChanged = () => {
    generation += 1;
  };

  const refresh = async (gen: number): Promise<Read> => {
    const snapshot = await source.read(AbortSignal.timeout(20_000));
    const now = new Date();
    const report = analyzeCluster(snapshot, { now });
    const withMeta: ClusterReport = { ...report, generatedAt: now.toISOString(), scenario: source.lab?.scenario ?? undefined };
    const read = { report: withMeta, snapshot, at: Date.now(), generation: gen };
    if (!cached || cached.generation <= gen) cached = read;
    return read;
  };

  if (source.kubeConfig) {
    void watchChanges(source.kubeConfig, {
      kinds: [...WATCHED_KINDS],
      onChange: markChanged,
      signal: watchAbort.signal,
      debounceMs: 200,
    });
  }

  const current = async (): Promise<Read> => {
    const gen = generation;
    if (cached && cached.generation === gen && Date.now() - cached.at < config.clusterTtlMs) return cached;
    if (inflight && inflight.generation === gen) return inflight.promise;
    const promise = refresh(gen).finally(() => {
      if (inflight?.promise === promise) inflight = null;
    });
    inflight = { generation: gen, promise };
    return promise;
  };

  let probes: ProbeScheduler | null = null;
  let labTargets: LabTargets | null = null;
  const getClusterReport = async () => (await current()).report;

  const runtime: Runtime = {
    config,
    source,
    probes: () => {
      if (!probes) {
        const scheduler = createProbeService({ settings: config.probes, mode: source.mode, getClusterReport, labTargets: () => labTargets?.targets() ?? [], labProblems: () => labTargets?.problems() ?? [] });
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
    invalidate: markChanged,
    agents: new AgentStore(),
    getClusterReport,
    getSnapshot: async () => (await current()).snapshot,
    close: async () => {
      watchAbort.abort();
      probes?.stop();
      await labTargets?.stop();
      await source.close();
    },
  };
  // Scheduled probes run from the first request on, whether or not anyone opens the Edge page.
  runtime.probes();
  return runtime;
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
