// Where cluster data comes from: a live cluster (kubeconfig / in-cluster), the embedded
// lab (a real API server on loopback read through the same client-node path), or a
// snapshot file. Shared by the CLI and the dashboard server.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterSnapshot } from '@/lib/model';
import { parseSnapshot } from '@/lib/snapshot/parse';
import { hasKubeConfig, labKubeConfig, loadKubeConfig } from '@/probes/kube/kubeconfig';
import { readCluster } from '@/probes/kube/read-cluster';
import { startLabServer, type LabServer } from '@/lab/server';

export type SourceMode = 'lab' | 'kube' | 'snapshot';

export interface ClusterSource {
  mode: SourceMode;
  /** Reads the cluster now. Per-kind failures are gaps in the snapshot, never exceptions. */
  read(signal?: AbortSignal): Promise<ClusterSnapshot>;
  kubeConfig: KubeConfig | null;
  lab: LabServer | null;
  /** Human description of where the data comes from (no credentials). */
  describe: string;
  close(): Promise<void>;
}

export interface ClusterSourceOptions {
  mode?: 'auto' | SourceMode;
  snapshotText?: string;
  snapshotName?: string;
  kubeconfigPath?: string;
  context?: string;
  scenario?: string;
  labPort?: number;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Lab when asked for, or when no cluster is configured at all (a fresh machine). */
export function chooseMode(opts: ClusterSourceOptions): SourceMode {
  if (opts.snapshotText !== undefined) return 'snapshot';
  if (opts.mode && opts.mode !== 'auto') return opts.mode;
  if (opts.kubeconfigPath || opts.context) return 'kube';
  return hasKubeConfig() ? 'kube' : 'lab';
}

export async function openClusterSource(opts: ClusterSourceOptions): Promise<ClusterSource> {
  const mode = chooseMode(opts);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  if (mode === 'snapshot') {
    const snapshot = parseSnapshot(opts.snapshotText ?? '', { source: 'snapshot' });
    return {
      mode,
      read: async () => snapshot,
      kubeConfig: null,
      lab: null,
      describe: `snapshot ${opts.snapshotName ?? ''}`.trim(),
      close: async () => undefined,
    };
  }
  if (mode === 'lab') {
    const lab = await startLabServer({ scenario: opts.scenario, port: opts.labPort ?? 0 });
    const kc = labKubeConfig(lab.url);
    return {
      mode,
      read: (signal) => readCluster(kc, { signal, timeoutMs, source: 'lab' }),
      kubeConfig: kc,
      lab,
      describe: `embedded lab cluster at ${lab.url}`,
      close: () => lab.close(),
    };
  }
  const kc = loadKubeConfig({ kubeconfigPath: opts.kubeconfigPath, context: opts.context });
  const server = kc.getCurrentCluster()?.server ?? 'unknown server';
  return {
    mode,
    read: (signal) => readCluster(kc, { signal, timeoutMs, source: 'kube' }),
    kubeConfig: kc,
    lab: null,
    describe: `cluster ${kc.getCurrentContext()} at ${server}`,
    close: async () => undefined,
  };
}
