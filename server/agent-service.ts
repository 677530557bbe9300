// Glue between the runtime and the agent routes: the plan and the matrix from the runtime's
// current targets, snapshot and cluster report. A cluster that cannot be read leaves the
// health-check list empty and the announcers unknown, never a failed request.
import type { AgentPlan, AgentsResponse, ClusterReport, ClusterSnapshot } from '@/lib/model';
import { agentToken } from './agent-auth';
import { agentsResponse, buildPlan, healthCheckedServices, planTargets } from './agents';
import type { Runtime } from './runtime';

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

async function inputs(rt: Runtime) {
  const [list, snapshot, report] = await Promise.all([rt.probes().listTargets(), orNull<ClusterSnapshot>(rt.getSnapshot()), orNull<ClusterReport>(rt.getClusterReport())]);
  return { targets: planTargets(list.targets, rt.source.mode), services: snapshot ? healthCheckedServices(snapshot) : [], report };
}

export async function agentPlan(rt: Runtime, now = new Date()): Promise<AgentPlan> {
  const { targets, services } = await inputs(rt);
  return buildPlan({ targets, services, agents: rt.config.agents, probes: rt.config.probes, now });
}

export async function agentMatrix(rt: Runtime, now = new Date()): Promise<AgentsResponse> {
  const { targets, services, report } = await inputs(rt);
  let enabled = false;
  try {
    enabled = agentToken(rt.config.agents) !== null;
  } catch {
    enabled = false; // an unreadable token file: agents are refused, the reason is in their 503
  }
  return agentsResponse({ enabled, store: rt.agents, targets, services, report, probes: await orNull(rt.probes().snapshot()), intervalMs: rt.config.agents.intervalMs, now });
}
