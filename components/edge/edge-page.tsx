'use client';
// The Edge page: the summary's HTTP/3 answer first (GET /api/v1/summary — the same card and
// sentence as the Overview), then the probe evidence beneath it: the overall Alt-Svc verdict and
// the probe totals (counted by lib/model/probe-totals.ts, as the summary counts them), one card
// per probed target (TCP and HTTP/3 status, p50/p95, the last error in words, charts), the edge
// findings, and the discovered addresses edgelens lists but never probes.
import { useCluster, useRunProbes, useProbes } from '@/lib/client/hooks';
import { ClusterOutageNotice } from '../cluster-outage-notice';
import { describeProbeTotals, probeTotals, type ProbesResponse } from '@/lib/model';
import { PageAnswer } from '../summary/page-answer';
import { findingAnchors } from '../overview/anchors';
import { FindingCard } from '../overview/finding-card';
import { ToneBadge } from '../severity';
import { altSvcTone, clockTime, describeSchedule, probeChartCaption, splitTargets } from './edge-view';
import { useTimeRange } from '@/lib/client/time-range';
import { RANGE_MS } from '@/lib/client/history-series';
import { TimeRangePicker } from '../time-range-picker';
import { AnalysisError, LoadError } from '../load-states';
import { ConfigProblem, EdgeSkeleton, NoTargets, NotProbedList } from './edge-states';
import { TargetCard } from './target-card';
import { AgentMatrix } from './agent-matrix';

function when(iso: string | null): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : clockTime(t);
}

function RunBar({ doc }: { doc: ProbesResponse }) {
  const run = useRunProbes();
  const busy = run.isPending || doc.running;
  const last = when(doc.lastRunAt);
  const next = when(doc.nextRunAt);
  const s = doc.settings;
  return (
    <div className="run-bar">
      <p className="report-meta" data-testid="run-meta">
        {last ? (
          <>
            Last run <time dateTime={doc.lastRunAt ?? undefined}>{last}</time>
          </>
        ) : (
          'Not run yet'
        )}
        {' · '}
        {s.scheduleMs > 0 ? (next ? `next ${next}` : describeSchedule(s.scheduleMs)) : 'runs on demand only'} · {s.samples}{' '}
        {s.samples === 1 ? 'sample' : 'samples'} per target, {s.timeoutMs / 1000} s timeout
      </p>
      <div className="run-action">
        <button type="button" className="button" onClick={() => run.mutate(undefined)} disabled={busy} aria-describedby="run-help">
          {busy ? 'Running…' : 'Run now'}
        </button>
        <span id="run-help" className="visually-hidden">
          Probes every configured target now and refreshes this page
        </span>
      </div>
      {run.error ? (
        <p className="run-error" role="alert">
          <ToneBadge tone="error" label="Run failed" /> {run.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** The anchor the HTTP/3 answer's "See the evidence" points at on this page. */
const PROBE_DETAIL = 'probe-detail';

function H3Verdict({ doc }: { doc: ProbesResponse }) {
  const totals = probeTotals(doc.targets);
  return (
    <section
      className={`card verdict h3-verdict verdict-${altSvcTone(doc.h3.verdict)}`}
      id={PROBE_DETAIL}
      data-testid="h3-verdict"
      data-verdict={doc.h3.verdict}
      aria-labelledby="h3-verdict-q"
    >
      <h2 className="verdict-question" id="h3-verdict-q">
        What the probes show
      </h2>
      <p className="muted">Evidence: edgelens&apos;s own TCP and HTTP/3 probes of the targets below, and the Alt-Svc header their TCP responses carry.</p>
      <p className="verdict-answer">
        <ToneBadge tone={altSvcTone(doc.h3.verdict)} label={doc.h3.message} />
      </p>
      <p
        className="verdict-detail"
        data-testid="probe-totals"
        data-probed={totals.targets.length}
        data-h3-probed={totals.h3.probed.length}
        data-h3-failing={totals.h3.failing.length}
        data-tcp-failing={totals.tcp.failing.length}
      >
        {describeProbeTotals(totals)}
      </p>
      {doc.h3.advertised ? (
        <p className="verdict-detail muted">
          Alt-Svc: <code>{doc.h3.advertised}</code>
        </p>
      ) : null}
    </section>
  );
}

function EdgeFindings({ doc }: { doc: ProbesResponse }) {
  const anchors = findingAnchors(doc.findings);
  return (
    <section className="section" id="edge-findings" aria-labelledby="edge-findings-title">
      <div className="section-head">
        <h2 id="edge-findings-title">Edge findings</h2>
        <p className="section-sub">{doc.findings.length === 0 ? 'none' : `${doc.findings.length}`}</p>
      </div>
      {doc.findings.length === 0 ? (
        <p className="card empty-note">
          <ToneBadge tone="ok" label="No findings" /> None of the edge rules fired on the latest results.
        </p>
      ) : (
        <div className="finding-stack">
          {doc.findings.map((f, i) => (
            // The finding card links an IP to the Overview's LB cards, which are not on this page.
            <FindingCard key={anchors[i]} finding={{ ...f, ip: undefined }} anchor={anchors[i] ?? `finding-${i}`} level={3} />
          ))}
        </div>
      )}
    </section>
  );
}

export function EdgePage() {
  return (
    <div className="edge-page">
      <ClusterOutageNotice />
      <section className="section" id="answer" aria-label="Answer">
        <PageAnswer id="http3" page="/edge" evidenceAnchor={PROBE_DETAIL} />
      </section>
      <EdgeBody />
    </div>
  );
}

function EdgeBody() {
  // The charts' time range (?range=): the runs kept in memory, or 1 h / 24 h / 7 d from history.
  const [range] = useTimeRange();
  const probes = useProbes(range);
  // The empty state's example names this cluster's own Traefik (or first) LoadBalancer IP.
  const lbs = useCluster().data?.loadBalancers ?? [];
  const exampleIp = (lbs.find((lb) => lb.services.some((s) => s.name === 'traefik' && s.state === 'assigned')) ?? lbs[0])?.ip;
  if (probes.data === undefined) {
    if (probes.error) return <LoadError title="Could not load the edge probes" error={probes.error} onRetry={() => void probes.refetch()} retrying={probes.isFetching} />;
    return <EdgeSkeleton />;
  }
  const doc = probes.data;
  const { probed, listed } = splitTargets(doc);
  const lab = probed.filter((t) => t.source === 'lab');
  const configured = probed.filter((t) => t.source !== 'lab');
  return (
    <div className="edge" data-running={doc.running ? 'true' : 'false'}>
      {probes.error ? (
        <p className="stale-notice" role="status">
          <ToneBadge tone="warning" label="Not up to date" /> The latest refresh failed: {probes.error.message}
        </p>
      ) : null}
      {doc.configError ? <ConfigProblem message={doc.configError} /> : null}
      {doc.analysisError ? <AnalysisError message={doc.analysisError} /> : null}
      {configured.length === 0 ? <NoTargets lbIp={exampleIp} /> : null}
      {probed.length === 0 ? null : (
        <>
          <H3Verdict doc={doc} />
          <RunBar doc={doc} />
          <section className="section" aria-labelledby="targets-title">
            <div className="section-head">
              <h2 id="targets-title">Targets</h2>
              <p className="section-sub">
                {probed.length} {probed.length === 1 ? 'target' : 'targets'}
              </p>
            </div>
            {lab.length > 0 ? (
              <p className="card lab-note" data-testid="lab-targets-note">
                <ToneBadge tone="info" label="Lab targets" /> {lab.map((t) => t.name).join(', ')} are real servers edgelens started on 127.0.0.1 in lab mode — an HTTP/3
                server, a server that advertises h3 while its UDP port drops everything, and a closed port — so you can see real handshakes, timeouts and
                refusals. They are not your edge; nothing leaves this machine. (EDGELENS_LAB_TARGETS=off turns them off.)
              </p>
            ) : null}
            <TimeRangePicker latestWords="The runs kept in memory (the latest ones since the server started)" />
            <div className="target-stack">
              {probed.map((t) => (
                <TargetCard
                  key={t.name}
                  target={t}
                  // While a new range loads, the previous document stays on screen: say so instead of mislabelling it.
                  caption={probes.isPlaceholderData ? 'Loading the chosen range…' : probeChartCaption(t, range, { from: probes.dataUpdatedAt - (range ? RANGE_MS[range] : 0) })}
                />
              ))}
            </div>
          </section>
          <EdgeFindings doc={doc} />
        </>
      )}
      <AgentMatrix />
      <NotProbedList targets={listed} />
    </div>
  );
}
