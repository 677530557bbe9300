'use client';
// The Overview: the three answers first (GET /api/v1/summary, computed on the server),
// then load balancers, findings and gaps — from GET /api/v1/cluster, polled so the page
// follows the cluster live. The answers' query does not hold the page back.
import { Suspense, useEffect, useRef } from 'react';
import { useCluster } from '@/lib/client/hooks';
import type { ClusterReport } from '@/lib/model';
import { findingAnchors, SECTION_IDS } from './anchors';
import { FindingsList } from './findings-list';
import { GapsPanel } from './gaps-panel';
import { LbCard, type LbFinding } from './lb-card';
import { LoadError, StaleNotice } from '../load-states';
import { SourceOutage } from '../source-outage';
import { RecentChanges } from '../recent-changes';
import { EmptyLoadBalancers, OverviewSkeleton } from './states';
import { StatusStrip } from './status-strip';
import { usePageSummary } from '../summary/summary-state';
import { VerdictCards } from './verdict-cards';
import { WhatIfPanel } from './what-if-panel';

function timeOf(iso: string | undefined, fallbackMs: number): string {
  const d = iso ? new Date(iso) : new Date(fallbackMs);
  return Number.isNaN(d.getTime()) ? 'unknown time' : d.toLocaleTimeString();
}

/** Content arrives after the first fetch, so the browser's own jump to `#anchor` found nothing; redo it once. */
function useScrollToHashOnce(ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView();
  }, [ready]);
}

function findingsByIp(report: ClusterReport): Map<string, LbFinding[]> {
  const anchors = findingAnchors(report.findings);
  const map = new Map<string, LbFinding[]>();
  const add = (key: string, item: LbFinding): void => {
    map.set(key, [...(map.get(key) ?? []), item]);
  };
  report.findings.forEach((finding, i) => {
    const item = { finding, anchor: anchors[i] ?? '' };
    if (finding.ip) add(finding.ip, item);
    // k3s ServiceLB cards are one per Service (node addresses, no IP of their own): also key by Service.
    for (const s of finding.subjects) if (s.kind === 'Service') add(`svc:${s.namespace ?? ''}/${s.name}`, item);
  });
  return map;
}

/** An IP card's key is its IP; a ServiceLB card's is its Service. */
function cardKey(lb: ClusterReport['loadBalancers'][number]): string {
  const s = lb.services[0];
  return lb.holders && s ? `svc:${s.namespace}/${s.name}` : lb.ip;
}

export function Overview() {
  const cluster = useCluster();
  // The answers of the cluster shown (a switch made elsewhere — CLI, another tab — refetches them).
  const summary = usePageSummary().state;
  useScrollToHashOnce(cluster.data !== undefined);

  if (cluster.data === undefined) {
    if (cluster.error) return <LoadError title="Could not load the cluster report" error={cluster.error} onRetry={() => void cluster.refetch()} retrying={cluster.isFetching} />;
    return <OverviewSkeleton />;
  }

  const report = cluster.data;
  const since = timeOf(report.generatedAt, cluster.dataUpdatedAt);
  const byIp = findingsByIp(report);
  const nodeNames = report.nodes.map((n) => n.name);

  return (
    <div className="overview" data-scenario={report.scenario}>
      <p className="report-meta">
        Source <strong>{report.source}</strong>
        {report.scenario ? (
          <>
            {' '}
            · scenario <strong>{report.scenario}</strong>
          </>
        ) : null}{' '}
        · report from <time dateTime={report.generatedAt}>{since}</time> · {report.nodes.length}{' '}
        {report.nodes.length === 1 ? 'node' : 'nodes'}
      </p>
      {report.stale ? <SourceOutage stale={report.stale} /> : null}
      {cluster.error ? (
        <StaleNotice what="report" error={cluster.error} since={since} onRetry={() => void cluster.refetch()} retrying={cluster.isFetching} />
      ) : null}

      <StatusStrip />
      <VerdictCards report={report} summary={summary} />

      <section className="section" id={SECTION_IDS.loadBalancers} aria-labelledby="lbs-title">
        <div className="section-head">
          <h2 id="lbs-title">Load balancers</h2>
          <p className="section-sub">
            {report.loadBalancers.length} {report.loadBalancers.length === 1 ? 'IP' : 'IPs'} ·{' '}
            {report.loadBalancers.reduce((n, lb) => n + lb.services.length, 0)} services
          </p>
        </div>
        {report.loadBalancers.length === 0 ? (
          <EmptyLoadBalancers />
        ) : (
          <div className="lb-stack">
            {report.loadBalancers.map((lb) => (
              <LbCard key={`${lb.implementation ?? 'metallb'}-${cardKey(lb)}`} lb={lb} clusterNodes={nodeNames} findings={byIp.get(cardKey(lb)) ?? []} />
            ))}
          </div>
        )}
      </section>

      {/* It reads the URL (useSearchParams), which needs a Suspense boundary in a prerendered page. */}
      <Suspense fallback={null}>
        <WhatIfPanel report={report} />
      </Suspense>

      <FindingsList findings={report.findings} />
      <GapsPanel gaps={report.gaps} />
      <RecentChanges />
    </div>
  );
}
