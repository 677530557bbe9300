// The `edgelens probe` result (CONTRACT.md), shared by CLI, API and UI.
import { z } from 'zod';

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
] as const;
export type EdgeRuleId = (typeof EDGE_RULE_IDS)[number];
