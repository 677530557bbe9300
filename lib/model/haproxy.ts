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

/**
 * What receives the PROXY header behind HAProxy: the settings edgelens prints for its side.
 * `traefik` (entry point proxyProtocol.trustedIPs), `postfix` (postscreen on 25,
 * smtpd on 465/587: *_upstream_proxy_protocol = haproxy), `dovecot` (haproxy_trusted_networks,
 * `haproxy = yes` on the inet_listener), `generic` (any other PROXY-aware server).
 */
export const haproxyReceiverSchema = z.enum(['traefik', 'postfix', 'dovecot', 'generic']);
export type HaproxyReceiver = z.infer<typeof haproxyReceiverSchema>;

/**
 * One frontend/backend pair for any TCP port (a mail Service's 25/465/587/993, Traefik's 443…).
 * `name` names the HAProxy sections (fe_NAME/be_NAME) and, for Traefik, the entry point.
 * `healthCheck`: check each server over HTTP on this port instead of a TCP connect to the
 * server itself — kube-proxy's healthCheckNodePort, which answers 200 only on nodes with a
 * ready local endpoint of an externalTrafficPolicy: Local Service (503 otherwise).
 */
export const haproxyListenerSchema = z.object({
  name: z.string(),
  receiver: haproxyReceiverSchema.default('traefik'),
  /** The Service port this listener carries (for the receiver's settings), when known. */
  servicePort: z.number().optional(),
  binds: z.array(haproxyBindSchema),
  backends: z.array(haproxyBackendSchema),
  healthCheck: z.object({ port: z.number(), path: z.string().default('/healthz') }).optional(),
});
export type HaproxyListener = z.input<typeof haproxyListenerSchema>;

/** KEP-1860 `status.loadBalancer.ingress[].ipMode` of the Service HAProxy replaces or fronts. */
export const haproxyIpModeSchema = z.enum(['VIP', 'Proxy']);

/** Optional plain-HTTP (:80) pass-through to a second Traefik entry point. */
export const haproxyHttpSchema = z.object({
  binds: z.array(haproxyBindSchema).default([DEFAULT_HTTP_BIND]),
  backends: z.array(haproxyBackendSchema),
  entryPoint: z.string().default('web'),
});

export const haproxyInputSchema = z.object({
  source: haproxySourceSchema.default({ kind: 'manual' }),
  mode: haproxyBackendModeSchema.optional(),
  /** The Traefik websecure endpoints (TLS pass-through target); empty when `listeners` is used. */
  backends: z.array(haproxyBackendSchema).default([]),
  /** Any number of TCP ports, each with its receiver; replaces backends/binds/http/entryPoint. */
  listeners: z.array(haproxyListenerSchema).optional(),
  /** The fronted Service's ipMode as read from the cluster (absent: unknown or unset = VIP). */
  ipMode: haproxyIpModeSchema.optional(),
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

export const haproxyServerSchema = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number(),
  /** The listener's name (for Traefik: the entry point). */
  entryPoint: z.string(),
  /** Port HAProxy health-checks over HTTP (healthCheckNodePort), when not the server port. */
  checkPort: z.number().optional(),
});
export type HaproxyServer = z.infer<typeof haproxyServerSchema>;

/** The receiving side's settings for one kind of receiver, covering its listeners. */
export const haproxyReceiverSettingsSchema = z.object({
  receiver: haproxyReceiverSchema,
  /** Listener names (fe_/be_ suffixes) this applies to. */
  listeners: z.array(z.string()),
  title: z.string(),
  /** Ready-to-paste files or snippets, each with where it goes. */
  files: z.array(z.object({ name: z.string(), text: z.string() })),
});
export type HaproxyReceiverSettings = z.infer<typeof haproxyReceiverSettingsSchema>;

export const haproxyOutputSchema = z.object({
  haproxyCfg: z.string(),
  /** One entry per receiver kind present (Traefik, Postfix, Dovecot, generic), in listener order. */
  receivers: z.array(haproxyReceiverSettingsSchema).optional(),
  /** The Traefik side; absent when no listener feeds Traefik (e.g. a mail Service). */
  traefik: z.object({
    static: z.string(),
    cli: z.array(z.string()),
    /** Current traefik/traefik chart: `ports.<ep>.proxyProtocol.trustedIPs`. */
    helmValues: z.string(),
    /** Any chart version: the same setting as `additionalArguments`. */
    helmValuesLegacy: z.string().optional(),
  }).optional(),
  trustedIPs: z.array(z.string()),
  warnings: z.array(z.string()),
  /** The servers in the generated config, in config order. */
  servers: z.array(haproxyServerSchema).optional(),
});
export type HaproxyOutput = z.infer<typeof haproxyOutputSchema>;

/** One rejected input value: the field path, the value as given (escaped), and why. */
export const haproxyIssueSchema = z.object({ field: z.string(), value: z.string(), reason: z.string() });
export type HaproxyIssue = z.infer<typeof haproxyIssueSchema>;
