// The per-node agent (`edgelens agent`) and its matrix: what the server hands an agent to do
// (plan), what an agent sends back (report), and the node × target matrix the server builds
// from the latest report of every node (GET /api/v1/agents). Shared by server, CLI and browser.
import { z } from 'zod';
import { findingSchema } from './finding';
import { probeErrorSchema, probeKindSchema, probeVerdictSchema } from './probe';

/** Limits the server enforces on a report (and the agent respects). */
export const AGENT_LIMITS = { maxBodyBytes: 256 * 1024, maxTargets: 200, maxHealthChecks: 200, maxAddresses: 16 } as const;

/** A node name as Kubernetes allows it (DNS subdomain). */
export const nodeNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'a node name is lowercase letters, digits, dashes and dots');

const shortText = (max: number) => z.string().max(max);

export const agentPlanTargetSchema = z.object({
  name: z.string().max(63),
  host: z.string().max(253),
  port: z.number().int().min(1).max(65535),
  sni: z.string().max(253).nullable(),
  path: z.string().max(2048).nullable(),
  kinds: z.array(probeKindSchema).min(1),
  insecure: z.boolean(),
  /** The LoadBalancer IP that serves this target (the host itself for an LB IP target). */
  lbIp: z.string().nullable(),
});
export type AgentPlanTarget = z.infer<typeof agentPlanTargetSchema>;

export const agentPlanHealthCheckSchema = z.object({
  namespace: z.string().max(253),
  name: z.string().max(253),
  /** spec.healthCheckNodePort of an ETP=Local LoadBalancer Service. */
  port: z.number().int().min(1).max(65535),
});
export type AgentPlanHealthCheck = z.infer<typeof agentPlanHealthCheckSchema>;

/** `GET /api/v1/agents/plan`: what every agent probes, and how hard. */
export const agentPlanSchema = z.object({
  generatedAt: z.string(),
  intervalMs: z.number().int().min(1_000),
  timeoutMs: z.number().int().min(100),
  samples: z.number().int().min(1).max(20),
  concurrency: z.number().int().min(1).max(64),
  targets: z.array(agentPlanTargetSchema).max(AGENT_LIMITS.maxTargets),
  healthChecks: z.array(agentPlanHealthCheckSchema).max(AGENT_LIMITS.maxHealthChecks),
});
export type AgentPlan = z.infer<typeof agentPlanSchema>;

/** One kind's result for one target from one node (a summary: the server keeps no samples). */
export const agentProbeResultSchema = z.object({
  verdict: probeVerdictSchema,
  samples: z.number().int().min(0).max(100),
  ok: z.number().int().min(0).max(100),
  p50Ms: z.number().nullable(),
  error: probeErrorSchema.nullable(),
  detail: shortText(500).nullable(),
  altSvc: shortText(500).nullable(),
});
export type AgentProbeResult = z.infer<typeof agentProbeResultSchema>;

export const agentTargetResultSchema = z.object({
  name: z.string().max(63),
  /** How the node resolved a hostname target (null for an IP target). */
  resolved: z
    .object({
      addresses: z.array(z.string().max(64)).max(AGENT_LIMITS.maxAddresses),
      error: shortText(300).nullable(),
      resolver: shortText(100),
    })
    .nullable(),
  tcp: agentProbeResultSchema.nullable(),
  h3: agentProbeResultSchema.nullable(),
});
export type AgentTargetResult = z.infer<typeof agentTargetResultSchema>;

/** kube-proxy's health check answer on this node (pkg/proxy/healthcheck/service_health.go). */
export const agentHealthCheckResultSchema = z.object({
  namespace: z.string().max(253),
  name: z.string().max(253),
  port: z.number().int().min(1).max(65535),
  /** HTTP status: 200 when the node has local endpoints (and kube-proxy is healthy), 503 otherwise; null when nothing answered. */
  status: z.number().int().nullable(),
  localEndpoints: z.number().int().min(0).nullable(),
  serviceProxyHealthy: z.boolean().nullable(),
  error: shortText(300).nullable(),
});
export type AgentHealthCheckResult = z.infer<typeof agentHealthCheckResultSchema>;

/** `POST /api/v1/agents/report` body. */
export const agentReportSchema = z.strictObject({
  node: nodeNameSchema,
  agentVersion: z.string().max(40),
  startedAt: z.string().max(40),
  finishedAt: z.string().max(40),
  targets: z.array(agentTargetResultSchema).max(AGENT_LIMITS.maxTargets),
  healthChecks: z.array(agentHealthCheckResultSchema).max(AGENT_LIMITS.maxHealthChecks),
});
export type AgentReport = z.infer<typeof agentReportSchema>;

/** A matrix cell: how one target looks from one node. */
export const agentCellStateSchema = z.enum(['ok', 'failing', 'hairpin-broken', 'wrong-address', 'not-reported']);
export type AgentCellState = z.infer<typeof agentCellStateSchema>;

export const agentCellSchema = z.object({
  node: z.string(),
  target: z.string(),
  state: agentCellStateSchema,
  /** One line saying what was observed ("TCP refused", "resolves to 198.51.100.99, expected 198.51.100.200"). */
  detail: z.string(),
  tcp: agentProbeResultSchema.nullable(),
  h3: agentProbeResultSchema.nullable(),
  addresses: z.array(z.string()).nullable(),
});
export type AgentCell = z.infer<typeof agentCellSchema>;

export const agentNodeSchema = z.object({
  node: z.string(),
  lastReportAt: z.string(),
  /** No report for longer than three agent intervals: the row is shown, marked stale. */
  stale: z.boolean(),
  agentVersion: z.string(),
  /** LB IPs this node announces (from the cluster report). */
  announces: z.array(z.string()),
});
export type AgentNode = z.infer<typeof agentNodeSchema>;

export const agentMatrixTargetSchema = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number(),
  lbIp: z.string().nullable(),
  /** The node announcing lbIp, when known. */
  announcer: z.string().nullable(),
});
export type AgentMatrixTarget = z.infer<typeof agentMatrixTargetSchema>;

export const agentHealthRowSchema = agentHealthCheckResultSchema.extend({
  node: z.string(),
  ip: z.string().nullable(),
  /** This node announces the Service's LB IP. */
  announcer: z.boolean(),
});
export type AgentHealthRow = z.infer<typeof agentHealthRowSchema>;

/** `GET /api/v1/agents`. */
export const agentsResponseSchema = z.object({
  /** Whether the server accepts agent reports at all (an agent token is configured). */
  enabled: z.boolean(),
  nodes: z.array(agentNodeSchema),
  targets: z.array(agentMatrixTargetSchema),
  cells: z.array(agentCellSchema),
  healthChecks: z.array(agentHealthRowSchema),
  findings: z.array(findingSchema),
  /** An analyzer failure, shown to the user (never an empty list instead). */
  error: z.string().nullable(),
});
export type AgentsResponse = z.infer<typeof agentsResponseSchema>;

export const AGENT_RULE_IDS = ['hairpin-broken-on-node', 'split-horizon-inconsistent', 'announcer-health-check-failing'] as const;
export type AgentRuleId = (typeof AGENT_RULE_IDS)[number];
