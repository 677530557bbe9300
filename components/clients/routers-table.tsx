'use client';
// One row per Traefik router (and entrypoint): how much traffic, how much of it SNATed, the verdict.
// Sortable by any column and filterable by name; a router with findings links to them.
import type { Finding, RouterReport } from '@/lib/model';
import { useCrowdsec } from '@/lib/client/hooks';
import { SortTh, TableFilter, useSortedRows } from '../table-sort';
import { ToneBadge } from '../severity';
import { ClassBadge } from './class-badge';
import { CLASS_ORDER, fmtInt, fmtPct, ROUTER_TONE, routerKey } from './words';

function topClasses(r: RouterReport): Array<[NonNullable<(typeof CLASS_ORDER)[number]>, number]> {
  return CLASS_ORDER.map((c) => [c, r.byClass[c] ?? 0] as [(typeof CLASS_ORDER)[number], number])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
}

const SORT = {
  router: (r: RouterReport) => r.router,
  entryPoint: (r: RouterReport) => r.entryPoint ?? '',
  requests: (r: RouterReport) => r.requests,
  snat: (r: RouterReport) => r.snatRatio,
  verdict: (r: RouterReport) => r.verdict,
};
const TEXT = (r: RouterReport): string => `${r.router} ${r.entryPoint ?? ''} ${r.verdict}`;

/** Anchor of each router's first finding on this page (ClientFindings: `finding-<rule>-<n>` in report order). */
function findingLinks(findings: readonly Finding[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const f of findings) {
    const n = seen.get(f.rule) ?? 0;
    seen.set(f.rule, n + 1);
    for (const s of f.subjects) if (s.kind === 'Router' && !out.has(s.name)) out.set(s.name, `finding-${f.rule}-${n}`);
  }
  return out;
}

export function RoutersTable({ routers, findings = [] }: { routers: readonly RouterReport[]; findings?: readonly Finding[] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(routers, SORT, TEXT);
  const links = findingLinks(findings);
  // At a glance per app: does CrowdSec see this router's real clients (its report lists the blind ones)?
  const crowdsec = useCrowdsec().data;
  const coverage = (router: string): string =>
    !crowdsec || crowdsec.verdict === 'not-configured' ? 'not configured' : crowdsec.blindRouters?.includes(router) ? 'blind (sees node IPs)' : crowdsec.lapi.auth === 'ok' ? 'sees clients' : 'unreachable';
  return (
    <div className="table-scroll">
      <TableFilter label="Filter routers" value={filter} onChange={setFilter} count={shown.length} total={routers.length} />
      <table className="svc-table client-table" data-testid="routers-table">
        <caption className="visually-hidden">Traefik routers: requests, share from node or pod addresses, and verdict</caption>
        <thead>
          <tr>
            <SortTh k="router" sort={sort} toggle={toggle}>
              Router
            </SortTh>
            <SortTh k="entryPoint" sort={sort} toggle={toggle}>
              Entrypoint
            </SortTh>
            <SortTh k="requests" sort={sort} toggle={toggle} className="num">
              Requests
            </SortTh>
            <SortTh k="snat" sort={sort} toggle={toggle} className="num">
              SNAT ratio
            </SortTh>
            <SortTh k="verdict" sort={sort} toggle={toggle}>
              Verdict
            </SortTh>
            <th scope="col" className="col-sources">
              Main sources
            </th>
            <th scope="col">CrowdSec</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={routerKey(r)} data-testid="router-row" data-router={r.router} data-verdict={r.verdict} title={r.explanation}>
              <th scope="row" className="mono router-name">
                {r.router === '-' ? <span className="muted">(no router matched)</span> : r.router}
                {links.has(r.router) ? (
                  <>
                    {' '}
                    <a className="router-finding" href={`#${links.get(r.router) ?? ''}`} aria-label={`Finding for ${r.router}`}>
                      finding
                    </a>
                  </>
                ) : null}
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
              <td data-label="CrowdSec" data-testid="router-crowdsec">
                {coverage(r.router)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
