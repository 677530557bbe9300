// The `edgelens cluster` report (CONTRACT.md) and the snapshot the analyzers read.
import { z } from 'zod';
import { findingSchema } from './finding';
import type { KubeObject, KindName } from './kube';

export const snapshotSourceSchema = z.enum(['snapshot', 'kube', 'lab']);
export type SnapshotSource = z.infer<typeof snapshotSourceSchema>;

/** A kind edgelens could not read, and why: an observation, not an exception. */
export const gapSchema = z.object({
  kind: z.string(),
  reason: z.enum(['forbidden', 'not-found', 'unreachable', 'error', 'invalid']),
  detail: z.string(),
  /** The RBAC rule that would allow the read, for `forbidden`. */
  rbac: z.string().optional(),
});
export type Gap = z.infer<typeof gapSchema>;

/** Everything one read of a cluster (or a snapshot file) produced. */
export interface ClusterSnapshot {
  source: SnapshotSource;
  objects: KubeObject[];
  gaps: Gap[];
  /** Kinds the reader asked for; absent kinds in a file snapshot are simply unknown. */
  kindsRead?: KindName[];
}

export const lbServiceSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  externalTrafficPolicy: z.enum(['Cluster', 'Local']),
  sharingKey: z.string().nullable(),
  ports: z.array(z.string()),
  /** The TCP ports that carry HTTP(S) (lib/analyzers/ports.ts: number, name such as websecure, appProtocol, ingress-controller label). */
  webPorts: z.array(z.string()).optional(),
  /** The UDP ports that carry QUIC/HTTP/3 (lib/analyzers/ports.ts). */
  quicPorts: z.array(z.string()).optional(),
  readyEndpoints: z.number(),
  endpointNodes: z.array(z.string()),
  selector: z.record(z.string(), z.string()).nullable().optional(),
  /** `assigned` when the load balancer gave it the IP, `requested` when it only asks for it (allocation failed). */
  state: z.enum(['assigned', 'requested']).optional(),
  /** status.loadBalancer.ingress[].ipMode for this IP (KEP-1860); null when unset, which kube-proxy treats as VIP. */
  ipMode: z.string().nullable().optional(),
});
export type LbService = z.infer<typeof lbServiceSchema>;

export const LB_IMPLEMENTATIONS = ['metallb', 'cilium', 'kube-vip', 'servicelb', 'purelb', 'unknown'] as const;
export const lbImplementationSchema = z.enum(LB_IMPLEMENTATIONS);
export type LbImplementation = z.infer<typeof lbImplementationSchema>;

export const announcerSchema = z.object({
  node: z.string(),
  source: z.enum(['ServiceL2Status', 'event', 'lease', 'annotation', 'daemonset']),
});
export type Announcer = z.infer<typeof announcerSchema>;

export const loadBalancerSchema = z.object({
  ip: z.string(),
  announcer: announcerSchema.nullable(),
  services: z.array(lbServiceSchema),
  pool: z.string().nullable().optional(),
  /** Which load balancer handles these Services; always set by the analyzer (absent only in reports written before it existed, which were MetalLB's). */
  implementation: lbImplementationSchema.optional(),
  /** Implementations without a single holder (k3s ServiceLB): every node listed accepts traffic; announcer is null. */
  holders: z.array(z.string()).optional(),
  /** Where the announcer or holders were read: "Lease kube-system/cilium-l2announce-web-traefik",
   *  "annotation purelb.io/announcing-IPv4", "DaemonSet kube-system/svclb-traefik-1a2b3c4d, status.loadBalancer.ingress". */
  via: z.string().optional(),
});
export type LoadBalancer = z.infer<typeof loadBalancerSchema>;

export const whatIfChangeSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  etp: z.enum(['Cluster', 'Local']).optional(),
  ip: z.string().optional(),
  key: z.string().optional(),
});
export type WhatIfChange = z.infer<typeof whatIfChangeSchema>;

export const blastRadiusEntrySchema = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  ip: z.string(),
  where: z.string().optional(),
});

/** Cutover checklist phases, in the order they run (a checklist may skip some: no IP move, no TTL to lower). */
export const CHECKLIST_PHASES = ['pre-flight', 'lower-ttl', 'move-service', 'repoint', 'verify-old-ip', 'verify-client-ip', 'restore-ttl'] as const;
export const checklistPhaseSchema = z.enum(CHECKLIST_PHASES);
export type ChecklistPhase = z.infer<typeof checklistPhaseSchema>;

/** The shell commands a checklist step's words contain, one per entry, each pasteable as is (the UI gives each its own copy button). */
export const checklistCommandsSchema = z.object({ step: z.array(z.string()).optional(), verify: z.array(z.string()).optional(), rollback: z.array(z.string()).optional() });
export const checklistStepSchema = z.object({ step: z.string(), verify: z.string(), rollback: z.string(), phase: checklistPhaseSchema.optional(), commands: checklistCommandsSchema.optional() });
export type ChecklistStep = z.infer<typeof checklistStepSchema>;
export type BlastRadiusEntry = z.infer<typeof blastRadiusEntrySchema>;

/** The plan's one-line answer (docs/contract.md "What-if verdict"). */
export const WHAT_IF_VERDICTS = ['safe', 'unsafe', 'no-change'] as const;
export const whatIfVerdictSchema = z.enum(WHAT_IF_VERDICTS);
export type WhatIfVerdict = z.infer<typeof whatIfVerdictSchema>;

export const whatIfSchema = z.object({
  changes: z.array(whatIfChangeSchema),
  /** `unsafe`: a Service would lose its IP or an error appears; `no-change`: the cluster would be the same. */
  verdict: whatIfVerdictSchema.optional(),
  verdictReason: z.string().optional(),
  resolved: z.array(findingSchema),
  /** Findings that disappear only because their Service would lose its IP: hidden by a new error, not resolved. */
  hidden: z.array(findingSchema).optional(),
  new: z.array(findingSchema),
  blastRadius: z.array(blastRadiusEntrySchema),
  checklist: z.array(checklistStepSchema),
});
export type WhatIf = z.infer<typeof whatIfSchema>;

/**
 * Set when the cluster could not be read: the report is the last good one (or, with
 * `lastSuccessAt: null`, empty because there never was one) and must not read as an all-clear.
 */
export const staleSchema = z.object({
  /** "unknown — the API server is unreachable since …: reason". */
  message: z.string(),
  reason: z.string(),
  /** When the source went down. */
  since: z.string(),
  /** When the report shown was read; null: never (the report holds no cluster data). */
  lastSuccessAt: z.string().nullable(),
  /** Seconds between lastSuccessAt and the answer; null with lastSuccessAt. */
  ageSeconds: z.number().nullable(),
});
export type Stale = z.infer<typeof staleSchema>;

/**
 * One answer of kube-proxy's per-Service health server (healthCheckNodePort of a type
 * LoadBalancer, externalTrafficPolicy: Local Service) on one node, as edgelens observed it
 * (probes/healthcheck). `status` null: no HTTP answer (then `error` says why).
 */
export const healthCheckObservationSchema = z.object({
  service: z.object({ namespace: z.string(), name: z.string() }),
  node: z.string(),
  address: z.string(),
  port: z.number(),
  path: z.string(),
  status: z.number().nullable(),
  /** `localEndpoints` from the JSON body, when it had one. */
  localEndpoints: z.number().nullable(),
  serviceProxyHealthy: z.boolean().nullable(),
  error: z.string().nullable(),
  at: z.string(),
});
export type HealthCheckObservation = z.infer<typeof healthCheckObservationSchema>;

export const clusterReportSchema = z.object({
  source: snapshotSourceSchema,
  loadBalancers: z.array(loadBalancerSchema),
  findings: z.array(findingSchema),
  gaps: z.array(gapSchema).default([]),
  nodes: z.array(z.object({ name: z.string(), addresses: z.array(z.string()), podCIDRs: z.array(z.string()) })).default([]),
  generatedAt: z.string().optional(),
  scenario: z.string().optional(),
  whatIf: whatIfSchema.optional(),
  stale: staleSchema.optional(),
  /** kube-proxy health-check answers edgelens asked for (EDGELENS_CHECK_HEALTH_NODE_PORTS=true, live cluster only). */
  healthChecks: z.array(healthCheckObservationSchema).optional(),
});
export type ClusterReport = z.infer<typeof clusterReportSchema>;
