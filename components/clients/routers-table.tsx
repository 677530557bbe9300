// One row per Traefik router (and entrypoint): how much traffic, how much of it SNATed, the verdict.
import type { RouterReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { ClassBadge } from './class-badge';
import { CLASS_ORDER, fmtInt, fmtPct, ROUTER_TONE, routerKey } from './words';

function topClasses(r: RouterReport): Array<[NonNullable<(typeof CLASS_ORDER)[number]>, number]> {
  return CLASS_ORDER.map((c) => [c, r.byClass[c] ?? 0] as [(typeof CLASS_ORDER)[number], number])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
}

export function RoutersTable({ routers }: { routers: readonly RouterReport[] }) {
  return (
    <div className="table-scroll">
      <table className="svc-table client-table" data-testid="routers-table">
        <caption className="visually-hidden">Traefik routers: requests, share from node or pod addresses, and verdict</caption>
        <thead>
          <tr>
            <th scope="col">Router</th>
            <th scope="col">Entrypoint</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              SNAT ratio
            </th>
            <th scope="col">Verdict</th>
            <th scope="col" className="col-sources">
              Main sources
            </th>
          </tr>
        </thead>
        <tbody>
          {routers.map((r) => (
            <tr key={routerKey(r)} data-testid="router-row" data-router={r.router} data-verdict={r.verdict} title={r.explanation}>
              <th scope="row" className="mono router-name">
                {r.router === '-' ? <span className="muted">(no router matched)</span> : r.router}
              </th>
              <td data-label="Entrypoint">{r.entryPoint ?? <span className="muted">–</span>}</td>
              <td className="num" data-label="Requests">{fmtInt(r.requests)}</td>
              <td className="num" data-label="SNAT ratio">{fmtPct(r.snatRatio)}</td>
              <td data-label="Verdict">
                <ToneBadge tone={ROUTER_TONE[r.verdict]} label={r.verdict} />
              </td>
              <td className="col-sources" data-label="Sources">
                <span className="class-list">
                  {topClasses(r).map(([c, n]) => (
                    <span key={c} className="class-count">
                      <ClassBadge cls={c} /> {fmtInt(n)}
                    </span>
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
