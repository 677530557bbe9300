'use client';
// One row per Traefik router (and entrypoint), the at-a-glance table per app: how much traffic, how
// much of it SNATed, the verdict, whether HTTP/3 reached it, whether CrowdSec sees its clients, the
// Kubernetes Service behind it and the kubectl command that shows its entries again.
// Sortable by any column and filterable; a router with findings links to them.
import type { Finding, LoadBalancer, RouterReport } from '@/lib/model';
import { useCluster, useCrowdsec, useLogs } from '@/lib/client/hooks';
import { logTarget, routerVerifyCommand, serviceVerifyCommand } from '../kubectl';
import { lbCardAnchor } from '../overview/anchors';
import { RowVerify } from '../row-verify';
import { SortTh, SortThs, TableFilter, useSortedRows } from '../table-sort';
import { ToneBadge } from '../severity';
import { ClassBadge } from './class-badge';
import { http3Seen } from './http3-seen';
import { matchTraefikService } from './traefik-service';
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
  http3: (r: RouterReport) => http3Seen(r).sortKey,
  service: (r: RouterReport) => (r.services ?? []).join(' '),
};
const TEXT = (r: RouterReport): string => `${r.router} ${r.entryPoint ?? ''} ${r.verdict} ${(r.services ?? []).join(' ')}`;

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

interface KnownLbService {
  namespace: string;
  name: string;
  ports: string[];
  anchor: string;
  ip: string;
}

function knownServices(lbs: readonly LoadBalancer[] | undefined): KnownLbService[] {
  return (lbs ?? []).flatMap((lb) => lb.services.map((s) => ({ namespace: s.namespace, name: s.name, ports: s.ports, anchor: lbCardAnchor(lb), ip: lb.ip })));
}

/** The router's Traefik service(s): a link to the Overview card of a LoadBalancer Service the cluster report lists, else the name as logged. */
function ServiceCell({ services, known }: { services: readonly string[] | undefined; known: readonly KnownLbService[] }) {
  if (!services || services.length === 0) return <span className="muted" title="the access log names no Traefik service for this router (CLF, or ServiceName not logged)">–</span>;
  return (
    <span className="router-services">
      {services.map((name) => {
        const svc = matchTraefikService(name, known);
        return svc ? (
          <a key={name} href={`/#${svc.anchor}`} className="mono" data-testid="router-service-link" title={`Traefik service ${name}: the LoadBalancer Service ${svc.namespace}/${svc.name} on ${svc.ip} (matched by name)`}>
            {svc.namespace}/{svc.name}
          </a>
        ) : (
          <code key={name} className="router-service" title="Traefik service name as logged; not a LoadBalancer Service of the cluster report">
            {name}
          </code>
        );
      })}
    </span>
  );
}

export function RoutersTable({ routers, findings = [] }: { routers: readonly RouterReport[]; findings?: readonly Finding[] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(routers, SORT, TEXT);
  const links = findingLinks(findings);
  const known = knownServices(useCluster().data?.loadBalancers);
  const logs = useLogs().data;
  const target = logs ? logTarget(logs) : null;
  // At a glance per app: does CrowdSec see this router's real clients (its report lists the blind ones)?
  const crowdsec = useCrowdsec().data;
  const coverage = (router: string): string =>
    !crowdsec || crowdsec.verdict === 'not-configured' ? 'not configured' : crowdsec.blindRouters?.includes(router) ? 'blind (sees node IPs)' : crowdsec.lapi.auth === 'ok' ? 'sees clients' : 'unreachable';
  return (
    <div className="table-scroll">
      <TableFilter label="Filter routers" value={filter} onChange={setFilter} count={shown.length} total={routers.length} />
      <table className="svc-table client-table" data-testid="routers-table">
        <caption className="visually-hidden">Traefik routers: requests, share from node or pod addresses, verdict, HTTP/3, CrowdSec coverage and Service</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'router', label: 'Router' }, { k: 'entryPoint', label: 'Entrypoint' }, { k: 'requests', label: 'Requests', className: 'num' }, { k: 'snat', label: 'SNAT ratio', className: 'num' }, { k: 'verdict', label: 'Verdict' }]} sort={sort} toggle={toggle} />
            <th scope="col" className="col-sources">
              Main sources
            </th>
            <SortTh k="http3" sort={sort} toggle={toggle}>
              HTTP/3 seen
            </SortTh>
            <th scope="col">CrowdSec</th>
            <SortTh k="service" sort={sort} toggle={toggle}>
              Service
            </SortTh>
            <th scope="col">Verify</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => {
            const h3 = http3Seen(r);
            const matched = (r.services ?? []).map((n) => matchTraefikService(n, known)).filter((s) => s !== null);
            return (
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
                <td data-label="HTTP/3 seen" data-testid="router-http3" data-state={h3.state} title={h3.detail}>
                  {h3.text}
                  <span className="visually-hidden"> ({h3.detail})</span>
                </td>
                <td data-label="CrowdSec" data-testid="router-crowdsec">
                  {coverage(r.router)}
                </td>
                <td data-label="Service" data-testid="router-service">
                  <ServiceCell services={r.services} known={known} />
                </td>
                <td data-label="Verify">
                  <RowVerify subject={r.router} commands={[routerVerifyCommand(r.router, target), ...matched.map((s) => serviceVerifyCommand(s.namespace, s.name))]} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
