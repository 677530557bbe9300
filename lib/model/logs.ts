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

export const topClientSchema = z.object({ ip: z.string(), class: addressClassSchema, requests: z.number() });

/** Requests per minute by class, for the stacked area chart. `t` is the minute start, ISO 8601. */
export const minutePointSchema = z.object({ t: z.string() }).catchall(z.number());

export const logReportSchema = z.object({
  lines: z.number(),
  parsed: z.number(),
  malformed: z.number(),
  format: z.enum(['json', 'clf']),
  classes: z.record(addressClassSchema, z.number()),
  routers: z.array(routerReportSchema),
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
}
