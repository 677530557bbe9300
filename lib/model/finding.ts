import { z } from 'zod';

export const severitySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof severitySchema>;

export const subjectSchema = z.object({
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
});
export type Subject = z.infer<typeof subjectSchema>;

/**
 * One problem found by a rule. `rule` is a stable id (CONTRACT.md); `evidence`
 * lists the facts that made the rule fire, `why` says why it matters to the user.
 */
export const findingSchema = z.object({
  rule: z.string(),
  severity: severitySchema,
  subjects: z.array(subjectSchema),
  ip: z.string().optional(),
  message: z.string(),
  evidence: z.array(z.string()).default([]),
  why: z.string().optional(),
  fix: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The `edgelens cluster` rule ids (CONTRACT.md), in the order of its table; stable. */
export const CLUSTER_RULE_IDS = [
  'shared-ip-mixed-etp',
  'shared-ip-local-selector-mismatch',
  'shared-ip-port-conflict',
  'shared-ip-key-mismatch',
  'allocation-failed',
  'etp-local-announcer-without-endpoint',
  'l2-advertisement-excludes-endpoints',
  'l2-advertisement-shared-ip-selector',
  'l2-advertisement-interface-missing',
  'servicelb-no-node',
  'etp-cluster-snat',
  'quic-etp-cluster-spread',
  'quic-udp-port-missing',
  'etp-local-single-endpoint',
  'lb-ip-referenced',
] as const;
export type ClusterRuleId = (typeof CLUSTER_RULE_IDS)[number];
