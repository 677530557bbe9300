// "HTTP/3 seen" per router, from the protocols the access log recorded. Pure (tested).
// Never "no" when the protocol was not observable: a log without RequestProtocol says "unknown".
import type { RouterReport } from '@/lib/model';
import { fmtInt, fmtPct } from './words';

export interface Http3Seen {
  state: 'yes' | 'no' | 'unknown';
  /** Short cell text: "yes · 12%", "no", "unknown". */
  text: string;
  /** Why, for the cell's title and screen readers. */
  detail: string;
  /** Sort key: the HTTP/3 share, -1 when unknown (so unknown sorts below "no"). */
  sortKey: number;
}

export function http3Seen(r: Pick<RouterReport, 'requests' | 'protocols'>): Http3Seen {
  const counts = r.protocols ?? {};
  const logged = Object.values(counts).reduce((a, n) => a + n, 0);
  if (logged === 0) {
    return { state: 'unknown', text: 'unknown', detail: 'the access log names no request protocol for this router (RequestProtocol not logged)', sortKey: -1 };
  }
  const h3 = counts['HTTP/3.0'] ?? 0;
  const partial = logged < r.requests ? ` (${fmtInt(r.requests - logged)} more without a logged protocol)` : '';
  if (h3 === 0) {
    return { state: 'no', text: 'no', detail: `no HTTP/3 request among ${fmtInt(logged)} with a logged protocol${partial}`, sortKey: 0 };
  }
  const share = h3 / logged;
  return { state: 'yes', text: `yes · ${fmtPct(share)}`, detail: `${fmtInt(h3)} of ${fmtInt(logged)} requests with a logged protocol were HTTP/3${partial}`, sortKey: share };
}
