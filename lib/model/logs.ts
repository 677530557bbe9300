// The `edgelens logs` report (CONTRACT.md), shared by CLI, API and UI.
import { z } from 'zod';
import { findingSchema } from './finding';
import { crowdsecLogVisibilitySchema, crowdsecVisibilitySchema } from './crowdsec-visibility';

/** Address classes. CONTRACT.md lists the first seven; `lb` (a MetalLB VIP seen as a source) is added. */
export const addressClassSchema = z.enum(['node', 'pod', 'lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public']);
export type AddressClass = z.infer<typeof addressClassSchema>;
export const ADDRESS_CLASSES = addressClassSchema.options;

export const routerVerdictSchema = z.enum(['snat', 'preserved', 'mixed', 'forwarded']);
export const overallVerdictSchema = z.enum(['snat', 'preserved', 'mixed', 'unknown']);

export const routerReportSchema = z.object({
  router: z.string(),
  entryPoint: z.string().optional(),
  requests: z.number(),
  byClass: z.partialRecord(addressClassSchema, z.number()),
  snatRatio: z.number(),
  verdict: routerVerdictSchema,
  forwarded: z.number().optional(),
  explanation: z.string().optional(),
  /** What CrowdSec can see of this router's requests (its parser's source, its whitelist). */
  crowdsec: crowdsecVisibilitySchema.optional(),
});
export type RouterReport = z.infer<typeof routerReportSchema>;

/** The same judgement per Traefik entrypoint (JSON logs carry entryPointName; CLF does not). */
export const entryPointReportSchema = routerReportSchema.omit({ router: true, entryPoint: true }).extend({ entryPoint: z.string() });
export type EntryPointReport = z.infer<typeof entryPointReportSchema>;

export const topClientSchema = z.object({ ip: z.string(), class: addressClassSchema, requests: z.number() });

/** Requests per minute by class, for the stacked area chart. `t` is the minute start, ISO 8601. */
export const minutePointSchema = z.object({ t: z.string() }).catchall(z.number());

/**
 * One Traefik pod whose log was read through the Kubernetes API (`edgelens logs
 * --from-cluster`, `GET /api/v1/logs`). A pod that could not be read keeps its
 * row with `error` (and `reason`): an observation, not an exception.
 */
export const logSourceSchema = z.object({
  pod: z.string(),
  namespace: z.string(),
  container: z.string().optional(),
  node: z.string().optional(),
  /** Whole lines handed to the parser (a line cut by the byte bound is dropped). */
  lines: z.number(),
  bytes: z.number(),
  /** The byte bound (limitBytes) was reached: the newest lines of the selection were cut off. */
  truncated: z.boolean().optional(),
  reason: z.enum(['forbidden', 'not-found', 'unreachable', 'error']).optional(),
  error: z.string().optional(),
  /** The RBAC rule that would allow the read, for `forbidden`. */
  rbac: z.string().optional(),
});
export type LogSource = z.infer<typeof logSourceSchema>;

/** How a pod-log sample was taken, and what kept it from being complete. */
export const logSamplingSchema = z.object({
  /** `pods`: Traefik pod logs through the Kubernetes API; `none`: no pod logs to read (snapshot mode). */
  from: z.enum(['pods', 'none']),
  /** How the pods were chosen, in words ("pods of LoadBalancer Service traefik/traefik"). */
  target: z.string(),
  selector: z.string().optional(),
  namespace: z.string().optional(),
  tailLines: z.number().optional(),
  sinceSeconds: z.number().optional(),
  /** Per-pod byte bound (the pods/log `limitBytes`). */
  limitBytes: z.number().optional(),
  sampledAt: z.string(),
  /** What could not be read (listing pods forbidden, no Traefik Service found, …). Same shape as the cluster report's gaps. */
  problems: z
    .array(z.object({ kind: z.string(), reason: z.enum(['forbidden', 'not-found', 'unreachable', 'error', 'invalid']), detail: z.string(), rbac: z.string().optional() }))
    .optional(),
});
export type LogSampling = z.infer<typeof logSamplingSchema>;

export const logReportSchema = z.object({
  lines: z.number(),
  parsed: z.number(),
  malformed: z.number(),
  /** Whitespace-only lines: neither parsed nor malformed (lines = parsed + malformed + blank). */
  blank: z.number().optional(),
  format: z.enum(['json', 'clf']),
  classes: z.record(addressClassSchema, z.number()),
  /** Parsed entries whose client is not an IP address ("-", "unknown"); counted in no class. */
  unclassified: z.number().optional(),
  routers: z.array(routerReportSchema),
  entryPoints: z.array(entryPointReportSchema).optional(),
  topClients: z.array(topClientSchema),
  verdict: overallVerdictSchema,
  explanation: z.string().optional(),
  series: z.array(minutePointSchema).optional(),
  findings: z.array(findingSchema),
  /** What CrowdSec can see of the whole log, with the hub behaviour assumed. */
  crowdsec: crowdsecLogVisibilitySchema.optional(),
  /** Pod-log reads only: one row per Traefik pod. */
  sources: z.array(logSourceSchema).optional(),
  /** Pod-log reads only: how the sample was taken. */
  sampling: logSamplingSchema.optional(),
});
export type LogReport = z.infer<typeof logReportSchema>;

/** What the classifier knows about the cluster: node addresses, pod ranges, LB VIPs. */
export interface AddressContext {
  nodeIPs: readonly string[];
  podCIDRs: readonly string[];
  lbIPs: readonly string[];
  /** Pod IPs; pod ranges are learned from them when no node has spec.podCIDRs. */
  podIPs?: readonly string[];
}
