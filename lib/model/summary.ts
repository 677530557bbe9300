// The three first-screen answers (`edgelens status`, GET /api/v1/summary, the Overview
// cards, /metrics): computed once, by lib/analyzers/summary, from every report there is.
import { z } from 'zod';
import { findingSchema } from './finding';

export const answerValueSchema = z.enum(['yes', 'no', 'partly', 'unknown']);
export type AnswerValue = z.infer<typeof answerValueSchema>;

/** Where an answer comes from. */
export const basisSchema = z.enum(['logs', 'cluster', 'probes', 'agents', 'crowdsec']);
export type Basis = z.infer<typeof basisSchema>;

export const answerSchema = z.object({
  answer: answerValueSchema,
  /** One sentence with the number behind the answer. */
  headline: z.string(),
  /** Observations, each with its source; inferences say "would". */
  evidence: z.array(z.string()),
  basis: z.array(basisSchema),
  /** Where the evidence is shown in the dashboard ("/clients", "/edge", "#findings"). */
  link: z.string().optional(),
  /** A suspected but unconfirmed failure (verdict suspect-snat): `status` exits 1 on it too. */
  suspect: z.boolean().optional(),
});
export type Answer = z.infer<typeof answerSchema>;

export const summarySchema = z.object({
  answers: z.object({ clientIp: answerSchema, http3: answerSchema, traps: answerSchema }),
  /** Findings only the combination of reports shows (h3-advertised-never-used). */
  findings: z.array(findingSchema),
  generatedAt: z.string(),
});
export type Summary = z.infer<typeof summarySchema>;

export const SUMMARY_QUESTIONS = {
  clientIp: 'Do real client IPs reach my apps?',
  http3: 'Does HTTP/3 work through my load balancer?',
  traps: 'Which load-balancer traps are set?',
} as const;
