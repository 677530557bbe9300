// The Client IPs chart over a time range: the history store's per-minute class counts
// (GET /api/v1/history `clientClasses`) summed into buckets coarse enough that a day or a week
// stays a light chart, and the caption that says plainly what the chart covers. Pure: the range's
// bounds come in; times are formatted in the viewer's local zone like the rest of the page.
import type { HistoryRange, HistoryResponse } from '@/lib/model/history';
import { ADDRESS_CLASSES, type AddressClass } from '@/lib/model/logs';

const MINUTE = 60_000;

/** How far back each range reaches (the server's RANGE_MS, for words on the page). */
export const RANGE_MS: Record<HistoryRange, number> = { '1h': 60 * MINUTE, '24h': 1_440 * MINUTE, '7d': 7 * 1_440 * MINUTE };

/** 1 h → 1-min buckets (60 points), 24 h → 15 min (96), 7 d → 1 h (168). */
export const BUCKET_MS: Record<HistoryRange, number> = { '1h': MINUTE, '24h': 15 * MINUTE, '7d': 60 * MINUTE };

/** One bucket: its start (ISO) and requests per class; a bucket with no recorded minute has no class keys (a gap, not a zero). */
export type BucketPoint = { t: string } & Partial<Record<AddressClass, number>>;

export interface HistorySeries {
  points: BucketPoint[];
  bucketMs: number;
  /** Classes with at least one request in the range, in the usual class order. */
  classes: AddressClass[];
  /** The first and last recorded minutes (ms), or null when nothing is recorded in the range. */
  first: number | null;
  last: number | null;
  /** Buckets with no recorded minute (drawn as gaps). */
  gaps: number;
}

const isClass = (c: string): c is AddressClass => (ADDRESS_CLASSES as readonly string[]).includes(c);

/**
 * Sums the rows (per minute, or already per bucket: GET /api/v1/history sums 24 h / 7 d on the
 * server) into buckets of `bucketMs`, from the bucket of the first recorded minute to the bucket
 * holding `to` (the newest, still filling). Rows outside the range's buckets and unknown classes
 * are left out.
 */
export function bucketClientClasses(rows: HistoryResponse['clientClasses'], opts: { from: number; to: number; bucketMs: number }): HistorySeries {
  const { from, to, bucketMs } = opts;
  const buckets = new Map<number, Partial<Record<AddressClass, number>>>();
  let first: number | null = null;
  let last: number | null = null;
  const seen = new Set<AddressClass>();
  for (const r of rows) {
    const minute = Date.parse(r.minute);
    // The server sums long ranges per bucket already (`minute` = the bucket's start, which may lie before `from`).
    if (Number.isNaN(minute) || minute < Math.floor(from / bucketMs) * bucketMs || minute > to || !isClass(r.class) || !(r.requests > 0)) continue;
    first = first === null ? minute : Math.min(first, minute);
    last = last === null ? minute : Math.max(last, minute);
    const start = Math.floor(minute / bucketMs) * bucketMs;
    const b = buckets.get(start) ?? {};
    b[r.class] = (b[r.class] ?? 0) + r.requests;
    buckets.set(start, b);
    seen.add(r.class);
  }
  const classes = ADDRESS_CLASSES.filter((c) => seen.has(c));
  if (first === null || last === null) return { points: [], bucketMs, classes, first, last, gaps: 0 };
  const points: BucketPoint[] = [];
  let gaps = 0;
  const end = Math.floor(Math.max(to, last) / bucketMs) * bucketMs;
  for (let start = Math.floor(first / bucketMs) * bucketMs; start <= end; start += bucketMs) {
    const b = buckets.get(start);
    const p: BucketPoint = { t: new Date(start).toISOString() };
    if (b) for (const c of classes) p[c] = b[c] ?? 0;
    else gaps++;
    points.push(p);
  }
  return { points, bucketMs, classes, first, last, gaps };
}

/** "1-min" / "15-min" / "1-hour": the bucket size as the caption says it. */
export function bucketWords(bucketMs: number): string {
  return bucketMs >= 60 * MINUTE ? `${bucketMs / (60 * MINUTE)}-hour` : `${Math.round(bucketMs / MINUTE)}-min`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const pad = (n: number): string => String(n).padStart(2, '0');

/** "10:02", or "Mon 10:02" when the range spans days (24 h, 7 d) so a time is not ambiguous. */
export function clockWords(ms: number, withDay: boolean): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return withDay ? `${DAYS[d.getDay()] ?? ''} ${hm}` : hm;
}

/**
 * What the chart covers, in words: "10:02–11:01 from history, in 1-min buckets", and why it starts
 * late when history does ("history starts 12:40 (in memory since the server started; set
 * EDGELENS_HISTORY_PATH to keep it)"), or "no history in this range".
 */
export function historyCaption(series: Pick<HistorySeries, 'first' | 'last' | 'bucketMs'>, ctx: { range: HistoryRange; from: number; persistent: boolean }): string {
  const { first, last, bucketMs } = series;
  if (first === null || last === null) return `no history in this range (the last ${ctx.range})`;
  const withDay = ctx.range !== '1h';
  const when = first === last ? clockWords(first, withDay) : `${clockWords(first, withDay)}–${clockWords(last, withDay)}`;
  const span = `${when} from history, in ${bucketWords(bucketMs)} buckets`;
  // History that begins after the range does (by more than a bucket) is said, with why.
  if (first - ctx.from <= bucketMs) return span;
  const why = ctx.persistent ? 'nothing recorded earlier in this range' : 'in memory since the server started; set EDGELENS_HISTORY_PATH to keep it';
  return `${span}: history starts ${clockWords(first, withDay)} (${why})`;
}
