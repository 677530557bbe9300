// What CrowdSec can see per router (computed with its own parser source and
// whitelist), the hub behaviour assumed, the Traefik bouncer plugins found,
// and exactly what edgelens's polling does to the bouncer whose key it uses.
'use client';
import type { CrowdsecReport } from '@/lib/model';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { fmtInt } from './words';

type RouterSight = NonNullable<CrowdsecReport['routers']>[number];
const SIGHT_ORDER = { blind: 0, 'mostly-blind': 1, sees: 2 } as const;
const SORT = {
  router: (r: RouterSight) => r.router,
  requests: (r: RouterSight) => r.requests,
  share: (r: RouterSight) => r.share,
  whitelisted: (r: RouterSight) => r.whitelisted,
  unusable: (r: RouterSight) => r.unusable,
  infrastructure: (r: RouterSight) => r.infrastructure,
  sight: (r: RouterSight) => SIGHT_ORDER[r.sight],
};
const TEXT = (r: RouterSight): string => `${r.router} ${r.sight}`;

const SIGHT: Record<'blind' | 'mostly-blind' | 'sees', string> = { blind: '✖ blind', 'mostly-blind': '▲ mostly blind', sees: '✔ sees' };
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

function SightTable({ routers }: { routers: readonly RouterSight[] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(routers, SORT, TEXT);
  return (
    <div className="table-scroll">
      <TableFilter label="Filter CrowdSec routers" value={filter} onChange={setFilter} count={shown.length} total={routers.length} />
      <table className="svc-table client-table" data-testid="crowdsec-routers">
        <caption className="visually-hidden">Requests per router that CrowdSec can act on, drops by its whitelist, or cannot parse</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'router', label: 'Router' }, { k: 'requests', label: 'Requests' }, { k: 'share', label: 'CrowdSec sees' }, { k: 'whitelisted', label: 'Whitelisted' }, { k: 'unusable', label: 'No IP' }, { k: 'infrastructure', label: 'Cluster addresses' }, { k: 'sight', label: 'Judgement' }]} sort={sort} toggle={toggle} />
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.router} data-router={r.router} data-sight={r.sight}>
              <th scope="row" className="mono">
                {r.router}
              </th>
              <td data-label="Requests">{fmtInt(r.requests)}</td>
              <td data-label="CrowdSec sees">
                {fmtInt(r.visible)} ({pct(r.share)})
              </td>
              <td data-label="Whitelisted">{fmtInt(r.whitelisted)}</td>
              <td data-label="No IP">{fmtInt(r.unusable)}</td>
              <td data-label="Cluster addresses">{fmtInt(r.infrastructure)}</td>
              <td data-label="Judgement">{SIGHT[r.sight]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CrowdsecVisibility({ report }: { report: CrowdsecReport }) {
  const routers = report.routers ?? [];
  const shared = report.findings.some((f) => f.rule === 'crowdsec-shared-bouncer-key');
  return (
    <>
      {report.stale ? (
        <p className="muted" role="status" data-testid="crowdsec-stale">
          Stale: {report.stale.reason}
        </p>
      ) : null}
      {shared ? (
        <p role="alert" data-testid="crowdsec-shared-key">
          ▲ edgelens polls with the key of a real bouncer: every poll moves that bouncer&apos;s LastPull, so a streaming bouncer misses bans. Give
          edgelens its own key (<code>cscli bouncers add edgelens</code>).
        </p>
      ) : null}
      {routers.length > 0 ? (
        <>
          <h3 className="sub-title">What CrowdSec can see, per router</h3>
          <SightTable routers={routers} />
          {report.assumed ? (
            <p className="muted" data-testid="crowdsec-assumed">
              Computed as CrowdSec does it, assuming {report.assumed.hub}: {report.assumed.source}; whitelist {report.assumed.whitelist.join(', ')} (
              {report.assumed.whitelistFrom === 'configured' ? 'configured with EDGELENS_CROWDSEC_WHITELIST' : "the hub's default"}).
            </p>
          ) : null}
        </>
      ) : null}
      {report.bouncers && report.bouncers.length > 0 ? (
        <>
          <h3 className="sub-title">Traefik bouncer plugins</h3>
          <div className="table-scroll">
            <table className="svc-table client-table" data-testid="crowdsec-bouncers">
              <caption className="visually-hidden">CrowdSec bouncer plugin configurations found in Traefik</caption>
              <thead>
                <tr>
                  <th scope="col">Where</th>
                  <th scope="col">Mode</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">clientTrustedIPs</th>
                  <th scope="col">forwardedHeadersTrustedIPs</th>
                  <th scope="col">Header</th>
                </tr>
              </thead>
              <tbody>
                {report.bouncers.map((b) => {
                  const where = b.source.kind === 'Middleware' ? `${b.source.namespace ?? ''}/${b.source.name}` : b.source.name;
                  return (
                    <tr key={`${where}/${b.plugin}`}>
                      <th scope="row" className="mono">{where}</th>
                      <td data-label="Mode">{b.mode}</td>
                      <td data-label="Enabled">{b.enabled ? 'yes' : 'no'}</td>
                      <td className="mono" data-label="clientTrustedIPs">{b.clientTrustedIPs.join(', ') || '–'}</td>
                      <td className="mono" data-label="forwardedHeadersTrustedIPs">{b.forwardedHeadersTrustedIPs.join(', ') || '–'}</td>
                      <td className="mono" data-label="Header">{b.forwardedHeader}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {report.polling ? (
        <details className="card" data-testid="crowdsec-polling">
          <summary>
            How edgelens reads the LAPI: {report.polling.endpoint}
            {report.polling.everySeconds > 0 ? `, at most every ${report.polling.everySeconds} s` : ''}
          </summary>
          <ul>
            {report.polling.effects.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
