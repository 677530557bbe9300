'use client';
// One load-balancer IP (MetalLB, Cilium, kube-vip, PureLB) or one k3s ServiceLB
// Service: who shares it, with which policy, who holds it and where its traffic goes.
import { useId, useState } from 'react';
import { SEVERITY_ORDER, type Finding, type LbService, type LoadBalancer } from '@/lib/model';
import { serviceVerifyCommand } from '../kubectl';
import { RowVerify } from '../row-verify';
import { ToneBadge } from '../severity';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { AnnouncerDiagram } from './announcer-diagram';
import { lbCardAnchor, plural } from './anchors';
import { VerifyCommands } from './verify-commands';

/** Rows shown before "show all": enough for a typical shared IP, short enough to scan. */
export const COLLAPSED_ROWS = 6;

const IMPLEMENTATION: Record<NonNullable<LoadBalancer['implementation']>, string> = {
  metallb: 'MetalLB',
  cilium: 'Cilium L2',
  'kube-vip': 'kube-vip',
  servicelb: 'k3s ServiceLB',
  purelb: 'PureLB',
  unknown: 'unknown load balancer',
};

/** "Announced by k8s-node2 (Lease kube-system/cilium-l2announce-…)", or ServiceLB's accepting nodes. */
function HolderLine({ lb }: { lb: LoadBalancer }) {
  if (lb.holders) {
    return (
      <>
        ServiceLB: accepted on <strong>{lb.holders.length > 0 ? lb.holders.join(', ') : 'no node'}</strong>
        {lb.via ? <span className="muted"> (from {lb.via})</span> : null}
      </>
    );
  }
  if (lb.announcer) {
    return (
      <>
        Announced by <strong>{lb.announcer.node}</strong> <span className="muted">(from {lb.via ?? lb.announcer.source})</span>
      </>
    );
  }
  const impl = lb.implementation ?? 'metallb';
  const missing: Record<typeof impl, string> = {
    metallb: 'no ServiceL2Status or announce event',
    cilium: 'no cilium-l2announce Lease held',
    'kube-vip': 'no kube-vip Lease or kube-vip.io/vipHost annotation',
    purelb: 'no purelb.io/announcing annotation',
    servicelb: 'no ingress nodes',
    unknown: 'edgelens does not know this load balancer',
  };
  return <span className="muted">Announcing node unknown ({missing[impl]})</span>;
}

// Sort keys of the Services table; its unsorted order puts the Services findings name first.
const SORT = {
  service: (s: LbService) => `${s.namespace}/${s.name}`,
  etp: (s: LbService) => s.externalTrafficPolicy,
  key: (s: LbService) => s.sharingKey ?? '',
  ports: (s: LbService) => s.ports.join(' '),
  ready: (s: LbService) => s.readyEndpoints,
  nodes: (s: LbService) => s.endpointNodes.length,
};
const TEXT = (s: LbService): string => `${s.namespace}/${s.name} ${s.externalTrafficPolicy} ${s.sharingKey ?? ''} ${s.ports.join(' ')} ${s.endpointNodes.join(' ')}`;

export interface LbFinding {
  finding: Finding;
  anchor: string;
}

export function LbCard({ lb, clusterNodes, findings }: { lb: LoadBalancer; clusterNodes: readonly string[]; findings: readonly LbFinding[] }) {
  const [expanded, setExpanded] = useState(false);
  const tableId = useId();
  const headingId = useId();
  const sorted = [...findings].sort((x, y) => SEVERITY_ORDER[x.finding.severity] - SEVERITY_ORDER[y.finding.severity]);
  const worst = sorted[0];
  const findingsOf = (ns: string, name: string): LbFinding[] =>
    sorted.filter((x) => x.finding.subjects.some((s) => s.kind === 'Service' && s.namespace === ns && s.name === name));
  // Services a finding names come first (worst first), so collapsing never hides the one that matters.
  const rank = (ns: string, name: string): number => {
    const top = findingsOf(ns, name)[0];
    return top ? SEVERITY_ORDER[top.finding.severity] : Number.MAX_SAFE_INTEGER;
  };
  const ordered = lb.services
    .map((svc, i) => ({ svc, i, rank: rank(svc.namespace, svc.name) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.svc);
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(ordered, SORT, TEXT);
  // Only a long table gets a filter (a typical card has one to three Services); a filter shows every match.
  const filterable = ordered.length > COLLAPSED_ROWS;
  const filtering = filter.trim() !== '';
  const collapsible = shown.length > COLLAPSED_ROWS && !filtering;
  const rows = collapsible && !expanded ? shown.slice(0, COLLAPSED_ROWS) : shown;

  return (
    <article
      className="card lb-card"
      id={lbCardAnchor(lb)}
      data-testid="lb-card"
      data-ip={lb.ip}
      aria-labelledby={headingId}
    >
      <header className="lb-head">
        <h3 id={headingId} className="lb-ip">
          {lb.ip}
        </h3>
        <div className="chips">
          <span className="chip" data-testid="lb-implementation">
            {IMPLEMENTATION[lb.implementation ?? 'metallb']}
          </span>
          {lb.holders && lb.services[0] ? (
            <span className="chip">
              {lb.services[0].namespace}/{lb.services[0].name}
            </span>
          ) : null}
          {lb.pool ? <span className="chip">pool {lb.pool}</span> : null}
          {lb.services.length > 1 ? <span className="chip chip-strong">shared by {lb.services.length} services</span> : null}
          {worst ? (
            <a className="chip chip-link" href={`#${worst.anchor}`}>
              <ToneBadge tone={worst.finding.severity} label={`${plural(findings.length, 'finding')} ${lb.holders ? 'on this Service' : 'on this IP'}`} />
            </a>
          ) : (
            <span className="chip">
              <ToneBadge tone="ok" label={lb.holders ? 'no findings on this Service' : 'no findings on this IP'} />
            </span>
          )}
        </div>
        <p className="lb-announcer">
          <HolderLine lb={lb} />
        </p>
      </header>

      <div className="lb-body">
        {/* VIP → announcer → endpoints does not apply where every listed node accepts traffic (ServiceLB). */}
        {lb.holders ? null : (
          <div className="lb-diagram">
            <AnnouncerDiagram lb={lb} clusterNodes={clusterNodes} />
          </div>
        )}
        <div className="lb-services">
          {filterable ? <TableFilter label={`Filter Services on ${lb.ip}`} value={filter} onChange={setFilter} count={shown.length} total={ordered.length} /> : null}
          <table className="svc-table" id={tableId} data-testid="lb-services">
            <caption className="visually-hidden">Services on {lb.ip}</caption>
            <thead>
              <tr>
                <SortThs cols={[{ k: 'service', label: 'Service' }, { k: 'etp', label: 'ETP' }, { k: 'key', label: 'Sharing key' }, { k: 'ports', label: 'Ports' }, { k: 'ready', label: 'Ready', className: 'num' }, { k: 'nodes', label: 'Endpoint nodes' }]} sort={sort} toggle={toggle} />
                <th scope="col">Verify</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const own = findingsOf(s.namespace, s.name);
                const first = own[0];
                return (
                  <tr key={`${s.namespace}/${s.name}`} className={s.state === 'requested' ? 'not-allocated' : undefined} data-testid="lb-service-row" data-service={`${s.namespace}/${s.name}`}>
                    <th scope="row" data-label="Service">
                      <span className="svc-name">
                        {s.namespace}/{s.name}
                      </span>
                      {s.state === 'requested' ? <span className="tag tag-error">not allocated</span> : null}
                      {first ? (
                        <a className="svc-findings" href={`#${first.anchor}`}>
                          <ToneBadge tone={first.finding.severity} label={plural(own.length, 'finding')} />
                        </a>
                      ) : null}
                    </th>
                    <td data-label="ETP">
                      <span className={`etp etp-${s.externalTrafficPolicy.toLowerCase()}`}>{s.externalTrafficPolicy}</span>
                    </td>
                    <td data-label="Sharing key">{s.sharingKey ?? <span className="muted">none</span>}</td>
                    <td data-label="Ports">
                      <span className="ports">
                        {s.ports.map((p) => (
                          <code key={p} className="port">
                            {p}
                          </code>
                        ))}
                      </span>
                    </td>
                    <td data-label="Ready" className="num">
                      {s.readyEndpoints}
                    </td>
                    <td data-label="Endpoint nodes">
                      {s.endpointNodes.length > 0 ? s.endpointNodes.join(', ') : <span className="muted">none</span>}
                    </td>
                    <td data-label="Verify">
                      <RowVerify subject={`${s.namespace}/${s.name}`} commands={[serviceVerifyCommand(s.namespace, s.name)]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {collapsible ? (
            <button type="button" className="link-button" aria-expanded={expanded} aria-controls={tableId} onClick={() => setExpanded((v) => !v)}>
              {expanded ? 'Show fewer' : `Show all ${shown.length} services`}
            </button>
          ) : null}
          <VerifyCommands lb={lb} />
        </div>
      </div>
    </article>
  );
}
