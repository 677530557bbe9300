// GET /api/v1/history?since=1h|24h|7d: what changed in that range (findings appeared / resolved,
// announcer moves, source outages and returns) and the per-minute client-class counts.
import { z } from 'zod';

export const historyRangeSchema = z.enum(['1h', '24h', '7d']);
export type HistoryRange = z.infer<typeof historyRangeSchema>;

export const historyResponseSchema = z.object({
  range: historyRangeSchema,
  from: z.string(),
  to: z.string(),
  /** false: EDGELENS_HISTORY_PATH is not set, history lives in memory and ends with the process. */
  persistent: z.boolean(),
  findings: z.array(z.object({ at: z.string(), event: z.enum(['appeared', 'resolved']), rule: z.string(), severity: z.string(), message: z.string() })),
  announcers: z.array(z.object({ at: z.string(), ip: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  sources: z.array(z.object({ at: z.string(), source: z.string(), up: z.boolean(), reason: z.string().nullable() })),
  /**
   * Requests per minute by class of the client address, from the Traefik log samples' per-minute
   * series: the most any sample counted in that minute (samples overlap; the newest minute grows).
   * `router` is "*" (all routers: the series is not split per router). Zero counts have no row.
   * Over 24 h / 7 d the minutes are summed per bucket (`classBucketMinutes`: 15 / 60) and `minute` is the bucket's start.
   */
  /** The size of a `clientClasses` row: 1 (1 h), 15 (24 h), 60 (7 d). */
  classBucketMinutes: z.number().optional(),
  clientClasses: z.array(z.object({ minute: z.string(), router: z.string(), class: z.string(), requests: z.number() })),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
