// Which address each count is about: the TCP peer, the client the entry claims, and the one judged.
// Shown so a verdict can be checked against the log itself (a peer that is a node is SNAT; a claimed
// public client behind a pod peer is a proxy such as cloudflared forwarding for a visitor).
import type { LogReport } from '@/lib/model';
import { addressViews } from './address-views';
import { ClassBadge } from './class-badge';
import { fmtInt } from './words';

const cell = (n: number | null) => (n === null ? <span className="muted">not logged</span> : fmtInt(n));

export function AddressTable({ report }: { report: LogReport }) {
  const v = addressViews(report);
  return (
    <div className="card" data-testid="address-views">
      <div className="table-scroll">
        <table className="svc-table client-table">
          <caption className="visually-hidden">Requests per address class: TCP peer, claimed client, judged address</caption>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col" className="num">
                TCP peer (ClientAddr)
              </th>
              <th scope="col" className="num">
                Claimed client (ClientHost)
              </th>
              <th scope="col" className="num">
                Judged
              </th>
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr key={r.cls} data-class={r.cls}>
                <th scope="row">
                  <ClassBadge cls={r.cls} />
                </th>
                <td className="num" data-label="TCP peer">
                  {cell(r.peer)}
                </td>
                <td className="num" data-label="Claimed client">
                  {cell(r.claimed)}
                </td>
                <td className="num" data-label="Judged">
                  {fmtInt(r.judged)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="address-forwarding">
        {v.forwarding} The judged address is the peer, or the claimed client when a trusted hop (a pod, loopback, private, CGNAT or link-local peer) forwarded the request.
      </p>
      <p className="muted" data-testid="address-protocols">
        {v.protocols ? `Protocols: ${v.protocols}.` : 'The log carries no RequestProtocol: HTTP/3 use cannot be seen here.'}
      </p>
    </div>
  );
}
