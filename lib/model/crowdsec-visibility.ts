// What CrowdSec can see of Traefik's traffic, computed the way CrowdSec does
// it: the source address its `crowdsecurity/traefik-logs` parser takes, run
// through the `crowdsecurity/whitelists` parser (lib/logs/crowdsec-visibility.ts).
import { z } from 'zod';

/**
 * Which hub behaviour is assumed (crowdsecurity/hub history, verified in its git log):
 *
 * | profile | hub dates | JSON source | loopback whitelisted |
 * |---|---|---|---|
 * | `hub-2026` | since 2026-01-29 (hub 10459f92c) | last entry of `ClientHost` | 127.0.0.0/8 |
 * | `hub-2025` | 2025-03-12 – 2026-01-29 | `ClientHost` as is (a list is no IP: unusable) | 127.0.0.0/8 (hub 9b12a716f) |
 * | `hub-2023` | 2023-07-19 – 2025-03-12 (CrowdSec ≥ 1.5, hub 23ea729dd) | `ClientHost` as is | 127.0.0.1 |
 * | `hub-2021` | before 2023-07-19 (CrowdSec 1.4.x, Debian 12's crowdsec 1.4.6) | `ClientAddr` (the TCP peer) | 127.0.0.1 |
 *
 * CLF lines are read by the same grok in every version: the address in the
 * first field (for an X-Forwarded-For list there, the unanchored pattern first
 * matches at the last entry). Every version also whitelists ::1, 10.0.0.0/8,
 * 172.16.0.0/12 and 192.168.0.0/16 — not 100.64.0.0/10, fc00::/7 or fe80::/10.
 */
export const crowdsecHubSchema = z.enum(['hub-2026', 'hub-2025', 'hub-2023', 'hub-2021']);
export type CrowdsecHub = z.infer<typeof crowdsecHubSchema>;
export const DEFAULT_CROWDSEC_HUB: CrowdsecHub = 'hub-2026';

/** `blind`: CrowdSec can use under 5% of the router's requests; `mostly-blind`: under 50%; `sees`: the rest. */
export const crowdsecSightSchema = z.enum(['blind', 'mostly-blind', 'sees']);
export type CrowdsecSight = z.infer<typeof crowdsecSightSchema>;
export const CROWDSEC_BLIND_MAX_SHARE = 0.05;
export const CROWDSEC_MOSTLY_BLIND_MAX_SHARE = 0.5;

/** Per router (and for the whole log): what happens to each request's event in CrowdSec. */
export const crowdsecVisibilitySchema = z.object({
  requests: z.number(),
  /** The event carries a usable source address that the whitelist keeps: CrowdSec can alert and ban on it. */
  visible: z.number(),
  /** The source address is on the whitelist: the event is dropped in s02-enrich. */
  whitelisted: z.number(),
  /** The source is not an IP address (an X-Forwarded-For list in hub-2023/2025, "-", a name): no alert can name a source. */
  unusable: z.number(),
  /** Of `visible`: the source is a node, pod or load-balancer address — a ban on it would block everyone behind it. */
  infrastructure: z.number(),
  /** Requests whose client address came from X-Forwarded-For while the TCP peer (ClientAddr) was a node, pod or LB address. */
  forwardedViaInfrastructure: z.number().optional(),
  /** visible / requests (0 when there are no requests). */
  share: z.number(),
  sight: crowdsecSightSchema,
  /** The node, pod or LB sources CrowdSec would act on, most requests first (at most 5). */
  infrastructureSources: z.array(z.object({ ip: z.string(), class: z.enum(['node', 'pod', 'lb']), requests: z.number() })).optional(),
});
export type CrowdsecVisibility = z.infer<typeof crowdsecVisibilitySchema>;

/** The assumptions behind the tallies, printed with them. */
export const crowdsecAssumptionSchema = z.object({
  hub: crowdsecHubSchema,
  /** Which field CrowdSec's parser takes the source from, in words. */
  source: z.string(),
  /** The whitelist applied (the hub's default unless configured). */
  whitelist: z.array(z.string()),
  whitelistFrom: z.enum(['hub-default', 'configured']),
});
export type CrowdsecAssumption = z.infer<typeof crowdsecAssumptionSchema>;

export const crowdsecLogVisibilitySchema = crowdsecVisibilitySchema.extend({ assumed: crowdsecAssumptionSchema });
export type CrowdsecLogVisibility = z.infer<typeof crowdsecLogVisibilitySchema>;
