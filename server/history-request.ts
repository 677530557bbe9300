// `?since=1h|24h|7d` on the time-ranged routes; anything else is a 400 naming the choices.
import { historyRangeSchema, type HistoryRange } from '@/lib/model';
import { ApiError } from './api-error';

/** The range asked for, or null when the request has no `since`. */
export function sinceOf(req: Request): HistoryRange | null {
  const raw = new URL(req.url).searchParams.get('since');
  if (raw === null) return null;
  const parsed = historyRangeSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError(400, 'invalid-since', `since must be one of ${historyRangeSchema.options.join(', ')}; got "${raw.slice(0, 20)}"`);
  return parsed.data;
}
