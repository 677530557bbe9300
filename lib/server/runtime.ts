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

export interface Runtime {
  config: ServerConfig;
  source: ClusterSource;
  getClusterReport(): Promise<ClusterReport>;
  /** The snapshot behind the current report (same cache and freshness), for what-if planning. */
  getSnapshot(): Promise<ClusterSnapshot>;
  /** Marks the cached report stale (watch event, lab switch). */
  invalidate(): void;
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

  let cached: { report: ClusterReport; snapshot: ClusterSnapshot; at: number } | null = null;
  let dirty = true;
  let inflight: Promise<{ report: ClusterReport; snapshot: ClusterSnapshot }> | null = null;
  const watchAbort = new AbortController();

  const refresh = async (): Promise<{ report: ClusterReport; snapshot: ClusterSnapshot }> => {
    dirty = false;
    const snapshot = await source.read(AbortSignal.timeout(20_000));
    const now = new Date();
    const report = analyzeCluster(snapshot, { now });
    const withMeta: ClusterReport = { ...report, generatedAt: now.toISOString(), scenario: source.lab?.scenario ?? undefined };
    cached = { report: withMeta, snapshot, at: Date.now() };
    return cached;
  };

  if (source.kubeConfig) {
    void watchChanges(source.kubeConfig, {
      kinds: [...WATCHED_KINDS],
      onChange: () => {
        dirty = true;
      },
      signal: watchAbort.signal,
      debounceMs: 200,
    });
  }

  const current = async (): Promise<{ report: ClusterReport; snapshot: ClusterSnapshot }> => {
    const fresh = cached && !dirty && Date.now() - cached.at < config.clusterTtlMs;
    if (fresh && cached) return cached;
    inflight ??= refresh().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  let probes: ProbeScheduler | null = null;
  const getClusterReport = async () => (await current()).report;

  const runtime: Runtime = {
    config,
    source,
    probes: () => {
      if (!probes) {
        probes = createProbeService({ settings: config.probes, mode: source.mode, getClusterReport });
        probes.start();
      }
      return probes;
    },
    invalidate: () => {
      dirty = true;
    },
    getClusterReport,
    getSnapshot: async () => (await current()).snapshot,
    close: async () => {
      watchAbort.abort();
      probes?.stop();
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
