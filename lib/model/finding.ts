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
 * One step of a fix: words, and at most one shell command that can be pasted
 * as is (alternatives and Helm notes stay in `text`, beside it).
 */
export const fixStepSchema = z.object({
  text: z.string(),
  command: z.string().optional(),
});
export type FixStep = z.infer<typeof fixStepSchema>;

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
  /** The fix as steps (docs/contract.md "Structured fixes"); `fix` is their joined text. Optional in the type so every producer need not be touched at once: `withSteps` fills it before a finding leaves the analyzers. */
  steps: z.array(fixStepSchema).optional(),
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

/** The one-line text of steps: what `fix` holds for a finding that has steps. */
export function joinSteps(steps: readonly FixStep[]): string {
  return steps.map((s) => (s.command ? `${s.text.replace(/[:.]?\s*$/, '')}: ${s.command}` : s.text)).join(' ');
}

/** The steps of a finding: its own, or its `fix` text as one step (a rule that gives none). */
export function stepsOf(f: Pick<Finding, 'fix' | 'steps'>): FixStep[] {
  return f.steps && f.steps.length > 0 ? f.steps : [{ text: f.fix }];
}

/** A finding with `steps` filled in (the driver's default for rules that give none). */
export function withSteps<F extends Finding>(f: F): F & { steps: FixStep[] } {
  return { ...f, steps: stepsOf(f) };
}
