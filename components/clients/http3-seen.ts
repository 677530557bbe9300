// "HTTP/3 seen" per router, in words (lib/model http3Observed counts it). Pure (tested).
// Never "no" when the protocol was not observable: a log without RequestProtocol says "unknown".
import { http3Observed, type RouterReport } from '@/lib/model';
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
  const o = http3Observed(r);
  if (o.state === 'unknown') {
    return { state: 'unknown', text: 'unknown', detail: 'the access log names no request protocol for this router (RequestProtocol not logged)', sortKey: -1 };
  }
  const partial = o.logged < r.requests ? ` (${fmtInt(r.requests - o.logged)} more without a logged protocol)` : '';
  if (o.state === 'no') return { state: 'no', text: 'no', detail: `no HTTP/3 request among ${fmtInt(o.logged)} with a logged protocol${partial}`, sortKey: 0 };
  return { state: 'yes', text: `yes · ${fmtPct(o.share)}`, detail: `${fmtInt(o.h3)} of ${fmtInt(o.logged)} requests with a logged protocol were HTTP/3${partial}`, sortKey: o.share };
}
