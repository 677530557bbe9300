import { z } from 'zod';

export const apiErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** Every source edgelens reads; GET /api/v1/health and edgelens_source_up{source} name them. */
export const sourceNameSchema = z.enum(['kube', 'watch', 'podlogs', 'crowdsec', 'probes', 'agents']);
export type SourceName = z.infer<typeof sourceNameSchema>;

/** `up` is null while a source was never tried (or is not configured); `since` is when it entered that state. */
export const sourceStateSchema = z.object({
  up: z.boolean().nullable(),
  since: z.string().nullable(),
  reason: z.string().nullable(),
  lastSuccess: z.string().nullable().optional(),
  errors: z.number().int().nonnegative().optional(),
});
export type SourceState = z.infer<typeof sourceStateSchema>;

/** Always HTTP 200 (the kubelet restarts a pod whose probe fails; a down source is not a reason). */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  mode: z.enum(['lab', 'kube', 'snapshot']),
  version: z.string(),
  scenario: z.string().optional(),
  scenarios: z.array(z.string()).optional(),
  sources: z.record(sourceNameSchema, sourceStateSchema).optional(),
});
export type Health = z.infer<typeof healthSchema>;

/** `GET /api/v1/lab` and `POST /api/v1/lab/scenario` (lab mode only): the active scenario and the choices. */
export const labStateSchema = z.object({ scenario: z.string(), scenarios: z.array(z.string()) });
export type LabState = z.infer<typeof labStateSchema>;
