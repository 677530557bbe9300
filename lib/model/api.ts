import { z } from 'zod';

export const apiErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  mode: z.enum(['lab', 'kube', 'snapshot']),
  version: z.string(),
  scenario: z.string().optional(),
  scenarios: z.array(z.string()).optional(),
});
export type Health = z.infer<typeof healthSchema>;

/** `GET /api/v1/lab` and `POST /api/v1/lab/scenario` (lab mode only): the active scenario and the choices. */
export const labStateSchema = z.object({ scenario: z.string(), scenarios: z.array(z.string()) });
export type LabState = z.infer<typeof labStateSchema>;
