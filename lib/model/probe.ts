// The `edgelens probe` result (CONTRACT.md), shared by CLI, API and UI.
import { z } from 'zod';
import { findingSchema } from './finding';

export const probeKindSchema = z.enum(['tcp', 'h3']);
export type ProbeKind = z.infer<typeof probeKindSchema>;

export const probeErrorSchema = z.enum(['timeout', 'refused', 'unreachable', 'tls', 'alpn', 'protocol', 'http']);
export type ProbeError = z.infer<typeof probeErrorSchema>;

export const probeSampleSchema = z.object({
  ok: z.boolean(),
  phase: z.enum(['done', 'connect', 'tls', 'quic', 'http']),
  error: probeErrorSchema.nullable(),
  detail: z.string().optional(),
  handshakeMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  connectMs: z.number().nullable().optional(),
  firstByteMs: z.number().nullable().optional(),
  alpn: z.string().nullable(),
  status: z.number().nullable(),
  altSvc: z.string().nullable(),
  server: z.string().nullable().optional(),
  at: z.string().optional(),
  cert: z
    .object({ subject: z.string(), sans: z.array(z.string()), notAfter: z.string(), daysLeft: z.number() })
    .nullable()
    .optional(),
});
export type ProbeSample = z.infer<typeof probeSampleSchema>;

export const probeVerdictSchema = z.enum(['ok', 'failing', 'intermittent']);
export type ProbeVerdict = z.infer<typeof probeVerdictSchema>;

export const probeReportSchema = z.object({
  kind: probeKindSchema,
  target: z.string(),
  sni: z.string().nullable(),
  samples: z.number(),
  ok: z.number(),
  failed: z.number(),
  verdict: probeVerdictSchema,
  p50Ms: z.number().nullable().optional(),
  p95Ms: z.number().nullable().optional(),
  results: z.array(probeSampleSchema),
});
export type ProbeReport = z.infer<typeof probeReportSchema>;

/** Rule ids of the edge (probe) findings; stable like the cluster rule ids (CONTRACT.md). */
export const EDGE_RULE_IDS = [
  'h3-advertised-but-broken',
  'h3-udp-timeout',
  'h3-intermittent',
  'hairpin-failed',
  'split-horizon-missing',
  'tcp-probe-failing',
  'tcp-intermittent',
  'h3-probe-failing',
] as const;
export type EdgeRuleId = (typeof EDGE_RULE_IDS)[number];

// ── Edge probes over the HTTP API (GET /api/v1/probes, POST /api/v1/probes/run) ──────────────

/** `lab`: a real loopback server the lab started (lab mode only), clearly not the user's edge. */
export const probeTargetSourceSchema = z.enum(['config', 'discovered', 'lab']);
export type ProbeTargetSource = z.infer<typeof probeTargetSourceSchema>;

/** One sample as a point on the latency / success charts. */
export const probeHistoryPointSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  handshakeMs: z.number().nullable(),
  totalMs: z.number().nullable(),
  error: probeErrorSchema.nullable().optional(),
});
export type ProbeHistoryPoint = z.infer<typeof probeHistoryPointSchema>;

/** One run (N samples) of one target and kind: the success-ratio chart's bars. */
export const probeRunPointSchema = z.object({
  at: z.string(),
  samples: z.number(),
  ok: z.number(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  /** From the history store (`?since=`): the fastest and slowest successful handshake of the point. */
  minMs: z.number().nullable().optional(),
  maxMs: z.number().nullable().optional(),
  /** From the history store over 24 h / 7 d: the runs merged into this point (one point per 15 min / 1 h; `at` is its start). */
  runs: z.number().optional(),
});
export type ProbeRunPoint = z.infer<typeof probeRunPointSchema>;

/** The most recent failed sample, explained in words a user can act on. */
export const probeLastErrorSchema = z.object({
  error: probeErrorSchema,
  phase: probeSampleSchema.shape.phase,
  detail: z.string().nullable(),
  words: z.string(),
  at: z.string().nullable(),
});
export type ProbeLastError = z.infer<typeof probeLastErrorSchema>;

/** The latest report of one (target, kind), plus what the charts need. */
export const probeKindStatusSchema = probeReportSchema.extend({
  /** When the latest run finished. */
  at: z.string(),
  /** ok / samples of the latest run (0..1). */
  successRatio: z.number(),
  lastError: probeLastErrorSchema.nullable(),
  history: z.array(probeHistoryPointSchema),
  runs: z.array(probeRunPointSchema),
});
export type ProbeKindStatus = z.infer<typeof probeKindStatusSchema>;

/** Does the Alt-Svc promise (over TCP) match what HTTP/3 really does? */
export const altSvcVerdictSchema = z.enum(['working', 'broken', 'intermittent', 'untested', 'not-advertised', 'unknown']);
export type AltSvcVerdict = z.infer<typeof altSvcVerdictSchema>;

export const altSvcStatusSchema = z.object({
  verdict: altSvcVerdictSchema,
  /** The Alt-Svc value that advertised h3, if any did. */
  advertised: z.string().nullable(),
  message: z.string(),
});
export type AltSvcStatus = z.infer<typeof altSvcStatusSchema>;

/** How a configured hostname resolved from the server's vantage point. */
export const probeDnsStatusSchema = z.object({
  name: z.string(),
  addresses: z.array(z.string()),
  /** LoadBalancer IPs that should serve the name (configured `lb`, or discovered LBs on that port). */
  lbIps: z.array(z.string()),
  error: z.string().nullable(),
  /** `resolver ADDRESS` or `system resolver`. */
  resolver: z.string(),
});
export type ProbeDnsStatus = z.infer<typeof probeDnsStatusSchema>;

export const probeTargetStatusSchema = z.object({
  /** With `?since=`: the samples recorded in that range per kind, from the history store (across restarts). */
  recorded: z.object({ tcp: z.array(probeHistoryPointSchema), h3: z.array(probeHistoryPointSchema) }).optional(),
  name: z.string(),
  host: z.string(),
  port: z.number(),
  sni: z.string().nullable(),
  path: z.string().nullable(),
  source: probeTargetSourceSchema,
  /** false: listed but never sent a packet (see `reason`). */
  probe: z.boolean(),
  reason: z.string().optional(),
  kinds: z.array(probeKindSchema),
  tcp: probeKindStatusSchema.optional(),
  h3: probeKindStatusSchema.optional(),
  altSvc: altSvcStatusSchema,
  dns: probeDnsStatusSchema.optional(),
});
export type ProbeTargetStatus = z.infer<typeof probeTargetStatusSchema>;

export const probeSettingsSchema = z.object({
  samples: z.number(),
  sampleIntervalMs: z.number(),
  timeoutMs: z.number(),
  /** 0 = runs only on demand. */
  scheduleMs: z.number(),
  concurrency: z.number(),
  probeDiscovered: z.boolean(),
});
export type ProbeSettingsView = z.infer<typeof probeSettingsSchema>;

/** `GET /api/v1/probes` and `POST /api/v1/probes/run`. */
export const probesResponseSchema = z.object({
  targets: z.array(probeTargetStatusSchema),
  findings: z.array(findingSchema),
  /** The overall HTTP/3 verdict across the probed targets. */
  h3: altSvcStatusSchema,
  lastRunAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  running: z.boolean(),
  settings: probeSettingsSchema,
  /** Why the configured targets could not be read (bad JSON/YAML, a missing file), if so. */
  configError: z.string().nullable(),
  /** The edge analysis threw: the findings above cannot be trusted (shown as an error, never as "no findings"). */
  analysisError: z.string().nullable().optional(),
});
export type ProbesResponse = z.infer<typeof probesResponseSchema>;

/** `POST /api/v1/probes/run`: names of known targets only — never addresses (no open proxy). */
export const probesRunRequestSchema = z.strictObject({
  targets: z.array(z.string().max(63)).max(200).optional(),
  kinds: z.array(probeKindSchema).min(1).optional(),
});
export type ProbesRunRequest = z.infer<typeof probesRunRequestSchema>;
