// The `edgelens logs` report (CONTRACT.md), shared by CLI, API and UI.
import { z } from 'zod';
import { findingSchema } from './finding';

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
});
export type RouterReport = z.infer<typeof routerReportSchema>;

/** The same judgement per Traefik entrypoint (JSON logs carry entryPointName; CLF does not). */
export const entryPointReportSchema = routerReportSchema.omit({ router: true, entryPoint: true }).extend({ entryPoint: z.string() });
export type EntryPointReport = z.infer<typeof entryPointReportSchema>;

export const topClientSchema = z.object({ ip: z.string(), class: addressClassSchema, requests: z.number() });

/** Requests per minute by class, for the stacked area chart. `t` is the minute start, ISO 8601. */
export const minutePointSchema = z.object({ t: z.string() }).catchall(z.number());

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
