// Whether a cluster read reached the API server at all. readCluster turns every failed kind into a
// Gap (never an exception), so a dead API server yields a snapshot with no objects and a gap per
// kind: analysed as it is, that reads as a clean cluster. This tells the two apart. Pure.
import type { ClusterSnapshot } from '../model/cluster';

/** Kinds without which the report would silently be empty (no Services: no load balancers). */
const CORE_KINDS = new Set(['Service']);

/**
 * The reason the API server could not be read, or null when it answered. Down when no kind was
 * read, or a core kind failed in transport (unreachable / error). A 403 or a missing CRD is an
 * answer (a gap the report shows), not an outage.
 */
export function clusterUnreadableReason(snapshot: Pick<ClusterSnapshot, 'gaps' | 'kindsRead'>): string | null {
  const transport = snapshot.gaps.filter((g) => g.reason === 'unreachable' || g.reason === 'error');
  if (transport.length === 0) return null;
  const failedKinds = new Set(transport.map((g) => g.kind));
  const read = snapshot.kindsRead ?? [];
  const noneRead = read.length > 0 && read.every((k) => failedKinds.has(k));
  const coreFailed = transport.find((g) => CORE_KINDS.has(g.kind));
  if (!noneRead && !coreFailed) return null;
  return (coreFailed ?? transport[0])?.detail ?? 'the API server did not answer';
}
