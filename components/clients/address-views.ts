// The three addresses an access-log entry can name, side by side per class: the TCP peer Traefik
// accepted the connection from (ClientAddr), the client the entry claims (ClientHost: the first
// X-Forwarded-For entry when a proxy sent one), and the one edgelens judges (the peer, or the
// claimed client when a trusted hop forwarded it). Pure, so the page and its test read one table.
import type { AddressClass, LogReport } from '@/lib/model';
import { CLASS_ORDER, fmtInt } from './words';

export interface AddressViewRow {
  cls: AddressClass;
  peer: number | null;
  claimed: number | null;
  judged: number;
}

export interface AddressViews {
  rows: AddressViewRow[];
  /** The log has no ClientAddr (CLF): only the judged address is known. */
  peerKnown: boolean;
  /** "HTTP/1.1 383 · HTTP/2.0 1,382", busiest first; null when the log carries no protocol. */
  protocols: string | null;
  /** One sentence on forwarding: which peers sent X-Forwarded-For, or that none did. */
  forwarding: string;
}

export function addressViews(report: LogReport): AddressViews {
  const peer = report.peerClasses;
  const claimed = report.clientClasses;
  const rows = CLASS_ORDER.map((cls) => ({
    cls,
    peer: peer ? (peer[cls] ?? 0) : null,
    claimed: claimed ? (claimed[cls] ?? 0) : null,
    judged: report.classes[cls] ?? 0,
  })).filter((r) => (r.peer ?? 0) + (r.claimed ?? 0) + r.judged > 0);
  const protocols = Object.entries(report.protocols ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `${p} ${fmtInt(n)}`);
  const via = report.forwardedVia ?? [];
  const forwarding =
    via.length === 0
      ? peer
        ? 'No request in the sample carried X-Forwarded-For: the claimed client is the TCP peer itself.'
        : 'The log format names no TCP peer (CLF): forwarding cannot be seen.'
      : `Forwarded with X-Forwarded-For by ${via.map((v) => `${v.name ? `${v.name} ` : ''}${v.ip} (${v.class}, ${fmtInt(v.requests)} requests)`).join(', ')}.`;
  return { rows, peerKnown: peer !== undefined, protocols: protocols.length > 0 ? protocols.join(' · ') : null, forwarding };
}
