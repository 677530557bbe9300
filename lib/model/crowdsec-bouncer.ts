// The Traefik CrowdSec bouncer plugin (maxlerebourg/crowdsec-bouncer-traefik-plugin)
// as configured in a Middleware or a dynamic-configuration file: only the
// settings edgelens checks. The LAPI key never appears here — only whether one is
// set and whether it is the key edgelens itself uses.
import { z } from 'zod';

export const bouncerPluginSchema = z.object({
  /** Where the configuration was read: a Middleware object or a dynamic-configuration file. */
  source: z.object({ kind: z.enum(['Middleware', 'file']), namespace: z.string().optional(), name: z.string(), apiVersion: z.string().optional() }),
  /** The plugin's name in Traefik's static configuration (spec.plugin.<name>). */
  plugin: z.string(),
  enabled: z.boolean(),
  /** crowdsecMode: none, live (default), stream, alone, appsec. */
  mode: z.string(),
  clientTrustedIPs: z.array(z.string()),
  forwardedHeadersTrustedIPs: z.array(z.string()),
  /** forwardedHeadersCustomName; default X-Forwarded-For. */
  forwardedHeader: z.string(),
  updateIntervalSeconds: z.number(),
  /** The LAPI key is the one edgelens polls with: polling moves this bouncer's stream window. */
  sharesEdgelensKey: z.boolean(),
});
export type BouncerPlugin = z.infer<typeof bouncerPluginSchema>;

/**
 * | rule | severity | when |
 * |---|---|---|
 * | `crowdsec-bouncer-trusts-snat-source` | error | clientTrustedIPs contains node/pod addresses the logs show as sources: every SNATed visitor bypasses the bouncer |
 * | `crowdsec-bouncer-judges-node` | warning | the logs show SNAT and no X-Forwarded-For: the plugin judges every visitor as the node address |
 * | `crowdsec-bouncer-header-spoofable` | warning | forwardedHeadersCustomName is a header Traefik does not strip from untrusted peers: any client can choose the IP the bouncer judges |
 * | `crowdsec-bouncer-header-missing` | warning | the custom header never arrives in the logged requests |
 * | `crowdsec-bouncer-scope-not-enforced` | warning | Country/AS (or, in stream mode, Range) decisions exist that the plugin never enforces |
 * | `crowdsec-shared-bouncer-key` | warning | edgelens polls with the key of a real (streaming) bouncer |
 */
export const BOUNCER_RULES = {
  trustsSnatSource: 'crowdsec-bouncer-trusts-snat-source',
  judgesNode: 'crowdsec-bouncer-judges-node',
  headerSpoofable: 'crowdsec-bouncer-header-spoofable',
  headerMissing: 'crowdsec-bouncer-header-missing',
  scopeNotEnforced: 'crowdsec-bouncer-scope-not-enforced',
  sharedKey: 'crowdsec-shared-bouncer-key',
} as const;
