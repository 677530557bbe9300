// The agents' side of the server: the plan handed to every agent (targets from the server's own
// configuration and cluster, health check ports of ETP=Local Services), the latest report per
// node (bounded), and the node × target matrix (lib/analyzers/agents.ts) for GET /api/v1/agents.
import { isIP } from 'node:net';
import { buildAgentMatrix, type HealthCheckedService } from '@/lib/analyzers/agents';
import { agentReportSchema, type AgentPlan, type AgentPlanTarget, type AgentReport, type AgentsResponse, type ClusterReport, type ClusterSnapshot, type ProbesResponse } from '@/lib/model';
import { serviceSchema } from '@/lib/model/kube';
import { ApiError } from './api-error';
import type { AgentSettings, ProbeSettings } from './config';
import type { DiscoveryMode, ProbeTargetSpec } from './probe-targets';

/** Nodes kept at most (a cluster larger than this is not the homelab edgelens is for). */
export const MAX_AGENT_NODES = 500;

export class AgentStore {
  private readonly latest = new Map<string, { report: AgentReport; receivedAt: string }>();

  /** Validates and keeps a report (replacing the node's previous one). */
  accept(text: string, now: Date): AgentReport {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, 'bad-json', 'report is not valid JSON', { cause: err });
    }
    const parsed = agentReportSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(400, 'invalid-report', `${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const report = parsed.data;
    if (!this.latest.has(report.node) && this.latest.size >= MAX_AGENT_NODES) {
      throw new ApiError(429, 'too-many-nodes', `the server keeps reports of at most ${MAX_AGENT_NODES} nodes`);
    }
    this.latest.set(report.node, { report, receivedAt: now.toISOString() });
    return report;
  }

  reports(): Array<{ report: AgentReport; receivedAt: string }> {
    return [...this.latest.values()];
  }
}

/**
 * What agents probe: configured targets (never lab targets: those live on the server's loopback),
 * and in a live cluster the discovered LB IPs (agents run inside it; that is their point).
 */
export function planTargets(targets: readonly ProbeTargetSpec[], mode: DiscoveryMode): AgentPlanTarget[] {
  return targets
    .filter((t) => (t.source === 'config' && t.probe) || (t.source === 'discovered' && mode === 'kube'))
    .map((t) => ({
      name: t.name,
      host: t.host,
      port: t.port,
      sni: t.sni,
      path: t.path,
      kinds: t.kinds,
      insecure: t.insecure,
      lbIp: t.lb ?? (isIP(t.host) !== 0 ? t.host : null),
    }));
}

/** ETP=Local LoadBalancer Services with a health check node port, with their LB IP. */
export function healthCheckedServices(snapshot: Pick<ClusterSnapshot, 'objects'>): HealthCheckedService[] {
  const out: HealthCheckedService[] = [];
  for (const o of snapshot.objects) {
    if (o.kind !== 'Service') continue;
    const svc = serviceSchema.safeParse(o);
    if (!svc.success) continue;
    const { spec, metadata, status } = svc.data;
    if (spec.type !== 'LoadBalancer' || spec.externalTrafficPolicy !== 'Local' || !spec.healthCheckNodePort) continue;
    out.push({ namespace: metadata.namespace ?? 'default', name: metadata.name ?? '', port: spec.healthCheckNodePort, ip: status?.loadBalancer?.ingress?.find((i) => i.ip)?.ip ?? null });
  }
  return out;
}

export function buildPlan(opts: { targets: AgentPlanTarget[]; services: HealthCheckedService[]; agents: AgentSettings; probes: ProbeSettings; now: Date }): AgentPlan {
  return {
    generatedAt: opts.now.toISOString(),
    intervalMs: opts.agents.intervalMs,
    timeoutMs: opts.probes.timeoutMs,
    samples: Math.min(opts.probes.samples, 3),
    concurrency: Math.min(opts.probes.concurrency, 8),
    targets: opts.targets.slice(0, 200),
    healthChecks: opts.services.slice(0, 200).map((s) => ({ namespace: s.namespace, name: s.name, port: s.port })),
  };
}

/** GET /api/v1/agents: the matrix; an analyzer failure is an error the user sees. */
export function agentsResponse(opts: {
  enabled: boolean;
  store: AgentStore;
  targets: AgentPlanTarget[];
  services: HealthCheckedService[];
  report: Pick<ClusterReport, 'loadBalancers'> | null;
  probes: ProbesResponse | null;
  intervalMs: number;
  now: Date;
}): AgentsResponse {
  const serverView: Record<string, 'ok' | 'failing'> = {};
  for (const t of opts.probes?.targets ?? []) {
    if (t.tcp) serverView[t.name] = t.tcp.verdict === 'ok' ? 'ok' : 'failing';
  }
  try {
    const m = buildAgentMatrix({
      reports: opts.store.reports(),
      targets: opts.targets,
      loadBalancers: (opts.report?.loadBalancers ?? []).map((lb) => ({ ip: lb.ip, announcer: lb.announcer?.node ?? null })),
      services: opts.services,
      serverView,
      now: opts.now,
      staleAfterMs: 3 * opts.intervalMs,
    });
    return { enabled: opts.enabled, ...m, error: null };
  } catch (err) {
    return { enabled: opts.enabled, nodes: [], targets: [], cells: [], healthChecks: [], findings: [], error: `the agent matrix could not be built: ${err instanceof Error ? err.message : String(err)}` };
  }
}
