// The cluster a command reads, from its flags: --lab [--scenario], --kubeconfig/--context, a
// snapshot text, or (none of those) the configured cluster, else the lab. A cluster that cannot
// be opened (no such context, unreadable kubeconfig) is a usage error: exit 2, one line.
import type { ClusterSource } from '@/server/cluster-source';
import { UsageError } from './errors';
import type { Io } from './io';

export interface ClusterFlags {
  lab?: boolean;
  scenario?: string;
  kubeconfig?: string;
  context?: string;
}

export async function openClusterFromFlags(flags: ClusterFlags, io: Io, snapshot?: { text: string; name?: string }): Promise<ClusterSource> {
  // Loaded on demand: `edgelens logs FILE` must not pay for the Kubernetes client.
  const { openClusterSource } = await import('@/server/cluster-source');
  try {
    return await openClusterSource({
      mode: flags.lab || io.env.EDGELENS_MODE === 'lab' ? 'lab' : 'auto',
      snapshotText: snapshot?.text,
      snapshotName: snapshot?.name,
      kubeconfigPath: flags.kubeconfig,
      context: flags.context,
      scenario: flags.scenario,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}
