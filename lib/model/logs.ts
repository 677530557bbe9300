// The `edgelens logs` report (CONTRACT.md), shared by CLI, API and UI.
import { z } from 'zod';
import { findingSchema } from './finding';
import { crowdsecLogVisibilitySchema, crowdsecVisibilitySchema } from './crowdsec-visibility';

/**
 * Address classes. CONTRACT.md lists the first seven; `lb` (a MetalLB VIP seen as a source) and
 * `documentation` (RFC 5737 / RFC 3849 example ranges: never a real visitor) are added.
 */
export const addressClassSchema = z.enum(['node', 'pod', 'lb', 'loopback', 'private', 'cgnat', 'linklocal', 'public', 'documentation']);
export type AddressClass = z.infer<typeof addressClassSchema>;
export const ADDRESS_CLASSES = addressClassSchema.options;

export const routerVerdictSchema = z.enum(['snat', 'preserved', 'mixed', 'forwarded', 'suspect-snat', 'unknown']);
export const overallVerdictSchema = z.enum(['snat', 'preserved', 'mixed', 'unknown', 'suspect-snat']);

/** Where node addresses came from: read from the cluster, a snapshot file, --node-ip flags only, or nowhere. */
export const nodeSourceSchema = z.enum(['cluster', 'snapshot', 'flags', 'none']);
export type NodeSource = z.infer<typeof nodeSourceSchema>;

/** RequestProtocol counts ("HTTP/1.1", "HTTP/2.0", "HTTP/3.0", "HTTP/1.0", "other"). */
export const protocolCountsSchema = z.record(z.string(), z.number());

const classCountsSchema = z.partialRecord(addressClassSchema, z.number());

/** A peer that forwarded requests with X-Forwarded-For (a pod such as cloudflared, a proxy in front, a node). */
export const forwardedViaSchema = z.object({ ip: z.string(), class: addressClassSchema, requests: z.number(), name: z.string().optional() });
export type ForwardedVia = z.infer<typeof forwardedViaSchema>;

export const routerReportSchema = z.object({
  router: z.string(),
  entryPoint: z.string().optional(),
  requests: z.number(),
  /** Requests by the class of the judged address: the peer, or the client a trusted proxy hop reported. */
  byClass: classCountsSchema,
  snatRatio: z.number(),
  verdict: routerVerdictSchema,
  forwarded: z.number().optional(),
  explanation: z.string().optional(),
  /** Requests by the class of ClientAddr (the TCP peer); absent when the log has no ClientAddr (CLF). */
  peerClasses: classCountsSchema.optional(),
  /** Requests by the class of ClientHost (the claimed client: the first X-Forwarded-For entry when there is a list). */
  clientClasses: classCountsSchema.optional(),
  protocols: protocolCountsSchema.optional(),
  /** Judged classes per protocol: HTTP/3 (UDP) and TCP requests can reach Traefik by different paths. */
  protocolClasses: z.record(z.string(), classCountsSchema).optional(),
  /** Entries without a client field (accessLog.fields dropped ClientHost). */
  noClient: z.number().optional(),
  /** Forwarded requests whose peer is public: the logged client is whatever that peer wrote (client-ip-spoofable). */
  spoofable: z.number().optional(),
  /** The peers that forwarded requests, busiest first (at most 5). */
  forwardedVia: z.array(forwardedViaSchema).optional(),
  /** What CrowdSec can see of this router's requests (its parser's source, its whitelist). */
  crowdsec: crowdsecVisibilitySchema.optional(),
  /**
   * Traefik ServiceName values logged for this router ("mail-mailserver-smtp@kubernetes"), sorted, at most 4;
   * absent when the log carries no ServiceName (CLF, or accessLog.fields dropped it).
   */
  services: z.array(z.string()).optional(),
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
  peerClasses: classCountsSchema.optional(),
  clientClasses: classCountsSchema.optional(),
  protocols: protocolCountsSchema.optional(),
  protocolClasses: z.record(z.string(), classCountsSchema).optional(),
  noClient: z.number().optional(),
  forwardedVia: z.array(forwardedViaSchema).optional(),
  /** Where node addresses came from; anything but cluster/snapshot means node identity may be incomplete. */
  nodeSource: nodeSourceSchema.optional(),
  /** The few addresses behind a suspect-snat verdict. */
  suspects: z.array(topClientSchema).optional(),
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
  /** address → what it is ("pod cloudflared/cloudflared-7d9f", "node k8s-node3"), to name forwarding peers. */
  names?: Readonly<Record<string, string>>;
}
