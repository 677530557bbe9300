'use client';
// The Client IPs page: the summary's answer first (GET /api/v1/summary — the same card and
// sentence as the Overview), then the access-log evidence beneath it: what the sample shows,
// requests per minute by source class, routers, top clients, findings, where the lines came
// from, and CrowdSec — from GET /api/v1/logs and GET /api/v1/crowdsec.
import { ClusterOutageNotice } from '../cluster-outage-notice';
import { PageAnswer } from '../summary/page-answer';
import { useLogs } from '@/lib/client/hooks';
import type { LogReport } from '@/lib/model';
import { RequestsByClassChart, spanText, type MinutePoint } from '../charts/requests-by-class-chart';
import { useTimeRange } from '@/lib/client/time-range';
import { TimeRangePicker } from '../time-range-picker';
import { RequestsOverRange } from './requests-over-range';
import { CrowdsecPanel } from './crowdsec-panel';
import { ClientFindings } from './findings';
import { LogSources } from './log-sources';
import { AddressTable } from './address-table';
import { RoutersTable } from './routers-table';
import { LoadError, StaleNotice } from '../load-states';
import { SectionSkeleton, timeOf } from './states';
import { TopClients } from './top-clients';
import { ClientVerdictCard } from './verdict-card';
import { seriesClasses } from './words';

export const CLIENT_SECTIONS = {
  answer: 'answer',
  verdict: 'verdict',
  chart: 'requests',
  routers: 'routers',
  clients: 'top-clients',
  findings: 'findings',
  addresses: 'addresses',
  sources: 'sources',
  crowdsec: 'crowdsec',
} as const;

function Section({ id, title, sub, children }: { id: string; title: string; sub?: string; children: React.ReactNode }) {
  return (
    <section className="section" id={id} aria-labelledby={`${id}-title`}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {sub ? <p className="section-sub">{sub}</p> : null}
      </div>
      {children}
    </section>
  );
}

function NoSource({ report }: { report: LogReport }) {
  return (
    <div className="card empty-state" data-testid="logs-no-source">
      <h3>No Traefik logs to read here</h3>
      <p>{report.explanation}</p>
    </div>
  );
}

function LogsBody({ report }: { report: LogReport }) {
  if (report.sampling?.from === 'none') return <NoSource report={report} />;
  const series = (report.series ?? []) as MinutePoint[];
  const classes = seriesClasses(report.series ?? []);
  const routers = report.routers.length;
  const [range] = useTimeRange();
  return (
    <>
      <Section id={CLIENT_SECTIONS.chart} title="Requests per minute by source" sub="stacked by the class of the client address Traefik saw">
        <TimeRangePicker latestWords={`The latest log sample: ${spanText(series)}`} />
        {range !== null ? (
          <RequestsOverRange range={range} />
        ) : series.length > 0 && classes.length > 0 ? (
          <div className="card">
            <RequestsByClassChart series={series} classes={classes} title="Requests per minute, by class of the client address" />
          </div>
        ) : (
          <p className="empty-note">No access-log entry with a timestamp and an IP client: nothing to chart.</p>
        )}
      </Section>
      <Section id={CLIENT_SECTIONS.routers} title="Routers" sub={`${routers} ${routers === 1 ? 'router' : 'routers'} · SNAT ratio = share of requests from node or pod addresses`}>
        {routers > 0 ? <RoutersTable routers={report.routers} findings={report.findings} /> : <p className="empty-note">No access-log entry named a router.</p>}
      </Section>
      <Section id={CLIENT_SECTIONS.clients} title="Top clients">
        {report.topClients.length > 0 ? <TopClients report={report} /> : <p className="empty-note">No client address was seen.</p>}
      </Section>
      <Section id={CLIENT_SECTIONS.addresses} title="Peer, claimed client and judged address" sub="per address class, so each verdict can be checked against the log">
        {report.parsed > 0 ? <AddressTable report={report} /> : <p className="empty-note">No access-log entry in the sample.</p>}
      </Section>
      <Section id={CLIENT_SECTIONS.findings} title="Findings" sub={`${report.findings.length} from the access log`}>
        <ClientFindings findings={report.findings} prefix="finding" empty="No client-IP problem in this sample." />
      </Section>
    </>
  );
}

export function ClientIpsPage() {
  const logs = useLogs();
  return (
    <div className="clients-page">
      <ClusterOutageNotice />
      <section className="section" id={CLIENT_SECTIONS.answer} aria-label="Answer">
        <PageAnswer id="clientIp" page="/clients" evidenceAnchor={CLIENT_SECTIONS.verdict} />
      </section>
      <section className="section" id={CLIENT_SECTIONS.verdict} aria-label="Access-log evidence">
        {logs.data === undefined ? (
          logs.error ? (
            <LoadError level={3} title="Could not load the Traefik log sample" error={logs.error} onRetry={() => void logs.refetch()} retrying={logs.isFetching} />
          ) : (
            <SectionSkeleton label="Reading the Traefik pods' access logs…" tall />
          )
        ) : (
          <>
            {logs.error ? (
              <StaleNotice
                what="sample"
                error={logs.error}
                since={timeOf(logs.data.sampling?.sampledAt, logs.dataUpdatedAt)}
                onRetry={() => void logs.refetch()}
                retrying={logs.isFetching}
              />
            ) : null}
            <ClientVerdictCard report={logs.data} />
          </>
        )}
      </section>
      {logs.data ? <LogsBody report={logs.data} /> : null}
      {logs.data ? (
        <Section id={CLIENT_SECTIONS.sources} title="Log sources">
          <LogSources report={logs.data} />
        </Section>
      ) : null}
      <Section id={CLIENT_SECTIONS.crowdsec} title="CrowdSec" sub="decisions classified with the cluster's own addresses">
        <CrowdsecPanel />
      </Section>
    </div>
  );
}
