// The `edgelens haproxy` input and output (CONTRACT.md), shared by CLI, API and UI.
// The schemas check shape and fill defaults only; lib/haproxy/validate.ts checks
// content (names, addresses, ports, durations) so every rejection names the field
// and the bad value in one place.
import { z } from 'zod';

export const haproxyBindSchema = z.object({ address: z.string(), port: z.number() });
export type HaproxyBind = z.infer<typeof haproxyBindSchema>;

export const haproxyBackendSchema = z.object({
  /** HAProxy server name; derived from address and port when absent. */
  name: z.string().optional(),
  address: z.string(),
  port: z.number(),
});
export type HaproxyBackend = z.infer<typeof haproxyBackendSchema>;

export const haproxySourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), namespace: z.string(), name: z.string() }),
  z.object({ kind: z.literal('manual') }),
]);
export type HaproxySource = z.infer<typeof haproxySourceSchema>;

/** `pod`: Traefik pod IP:targetPort from EndpointSlices; `nodeport`: node InternalIP:nodePort. */
export const haproxyBackendModeSchema = z.enum(['pod', 'nodeport']);
export type HaproxyBackendMode = z.infer<typeof haproxyBackendModeSchema>;

export const haproxyProxyVersionSchema = z.enum(['v1', 'v2']);
export type HaproxyProxyVersion = z.infer<typeof haproxyProxyVersionSchema>;

export const haproxyCheckSchema = z.object({
  inter: z.string().default('2s'),
  fall: z.number().default(3),
  rise: z.number().default(2),
});

export const haproxyTimeoutsSchema = z.object({
  connect: z.string().default('5s'),
  client: z.string().default('1m'),
  server: z.string().default('1m'),
  /** Applies once a TCP session is established: long-lived WebSocket / HTTP/2 connections. */
  tunnel: z.string().default('1h'),
  check: z.string().default('5s'),
});

const DEFAULT_HTTPS_BIND: HaproxyBind = { address: '0.0.0.0', port: 443 };
const DEFAULT_HTTP_BIND: HaproxyBind = { address: '0.0.0.0', port: 80 };

/** Optional plain-HTTP (:80) pass-through to a second Traefik entry point. */
export const haproxyHttpSchema = z.object({
  binds: z.array(haproxyBindSchema).default([DEFAULT_HTTP_BIND]),
  backends: z.array(haproxyBackendSchema),
  entryPoint: z.string().default('web'),
});

export const haproxyInputSchema = z.object({
  source: haproxySourceSchema.default({ kind: 'manual' }),
  mode: haproxyBackendModeSchema.optional(),
  /** The Traefik websecure endpoints (TLS pass-through target). */
  backends: z.array(haproxyBackendSchema),
  binds: z.array(haproxyBindSchema).default([DEFAULT_HTTPS_BIND]),
  http: haproxyHttpSchema.optional(),
  proxy: haproxyProxyVersionSchema.default('v2'),
  check: haproxyCheckSchema.prefault({}),
  timeouts: haproxyTimeoutsSchema.prefault({}),
  maxconn: z.number().default(4096),
  entryPoint: z.string().default('websecure'),
  /** HAProxy's own source address towards the backends (`source` directive); also the default trustedIPs. */
  egress: z.string().optional(),
  /** What Traefik must trust: IPs or CIDRs. Inferred from egress/binds when absent. */
  trustedIPs: z.array(z.string()).optional(),
});
/** What a caller may pass (defaults optional). */
export type HaproxyInputRaw = z.input<typeof haproxyInputSchema>;
/** After defaults. */
export type HaproxyInput = z.output<typeof haproxyInputSchema>;

export const haproxyServerSchema = z.object({ name: z.string(), address: z.string(), port: z.number(), entryPoint: z.string() });
export type HaproxyServer = z.infer<typeof haproxyServerSchema>;

export const haproxyOutputSchema = z.object({
  haproxyCfg: z.string(),
  traefik: z.object({
    static: z.string(),
    cli: z.array(z.string()),
    /** Current traefik/traefik chart: `ports.<ep>.proxyProtocol.trustedIPs`. */
    helmValues: z.string(),
    /** Any chart version: the same setting as `additionalArguments`. */
    helmValuesLegacy: z.string().optional(),
  }),
  trustedIPs: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The servers in the generated config, in config order. */
  servers: z.array(haproxyServerSchema).optional(),
});
export type HaproxyOutput = z.infer<typeof haproxyOutputSchema>;

/** One rejected input value: the field path, the value as given (escaped), and why. */
export const haproxyIssueSchema = z.object({ field: z.string(), value: z.string(), reason: z.string() });
export type HaproxyIssue = z.infer<typeof haproxyIssueSchema>;
