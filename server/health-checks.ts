// Opt-in confirmation of cluster findings by asking kube-proxy itself: with
// EDGELENS_CHECK_HEALTH_NODE_PORTS=true and a live cluster (never the lab, never a snapshot,
// whose addresses are data, not targets), GET each ETP=Local Service's healthCheckNodePort on its
// announcer node and re-run the rules with the answers, which they then cite as evidence.
import type { ClusterReport, ClusterSnapshot, HealthCheckObservation } from '@/lib/model';
import { analyzeCluster } from '@/lib/analyzers/analyze-cluster';
import { healthCheckTargets, type HealthCheckTargetPlan } from '@/lib/analyzers/health-check-targets';
import { checkHealthNodePorts } from '@/probes/healthcheck/check-health-node-port';

export type HealthChecker = (targets: readonly HealthCheckTargetPlan[]) => Promise<HealthCheckObservation[]>;

export interface HealthCheckSettings {
  enabled: boolean;
  /** The cluster source's mode: only `kube` (a live cluster) is ever asked. */
  mode: 'kube' | 'lab' | 'snapshot';
  timeoutMs: number;
  /** Injected in tests; default: the real HTTP probe. */
  check?: HealthChecker;
}

export async function withHealthChecks(snapshot: ClusterSnapshot, report: ClusterReport, now: Date, s: HealthCheckSettings): Promise<ClusterReport> {
  if (!s.enabled || s.mode !== 'kube') return report;
  const targets = healthCheckTargets(snapshot, report);
  if (targets.length === 0) return report;
  const check: HealthChecker = s.check ?? ((t) => checkHealthNodePorts(t, { timeoutMs: s.timeoutMs, concurrency: 4, signal: AbortSignal.timeout(s.timeoutMs * 4) }));
  const healthChecks = await check(targets);
  const again = analyzeCluster(snapshot, { now, healthChecks });
  return { ...report, findings: again.findings, healthChecks };
}
