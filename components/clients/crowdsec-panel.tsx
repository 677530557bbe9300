'use client';
// CrowdSec: can it see Traefik's clients, and has it banned an address of the cluster itself?
import { useCrowdsec } from '@/lib/client/hooks';
import type { ClassifiedDecision, CrowdsecReport } from '@/lib/model';
import { CopyButton } from '../copy-button';
import { ToneBadge } from '../severity';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { ClassBadge } from './class-badge';
import { ClientFindings } from './findings';
import { LoadError } from '../load-states';
import { SectionSkeleton } from './states';
import { addressSortKey, CLASS_ORDER, CROWDSEC_TONE, fmtInt } from './words';
import { CrowdsecVisibility } from './crowdsec-visibility';

const SETUP = `# A dedicated bouncer key (a real bouncer's key would move its LastPull window):
cscli bouncers add edgelens

# Tell edgelens where the LAPI is and where the key is (env, or a mounted Secret file):
EDGELENS_CROWDSEC_URL=http://crowdsec-service.crowdsec:8080
EDGELENS_CROWDSEC_KEY_FILE=/var/run/secrets/edgelens/crowdsec-bouncer-key
# or: EDGELENS_CROWDSEC_KEY=<the key>`;

function yesNo(v: boolean | null): string {
  return v === null ? 'unknown' : v ? 'yes' : 'no';
}

// Internal-address flags first when sorted by flags: they are the ones that cut off the cluster.
const SORT = {
  target: (d: ClassifiedDecision) => addressSortKey(d.value),
  cls: (d: ClassifiedDecision) => (d.class ? CLASS_ORDER.indexOf(d.class) : CLASS_ORDER.length),
  flags: (d: ClassifiedDecision) => (d.flags.includes('internal-address') ? 0 : d.flags.length > 0 ? 1 : 2),
  type: (d: ClassifiedDecision) => d.type,
  scenario: (d: ClassifiedDecision) => d.scenario,
  expires: (d: ClassifiedDecision) => d.expiresAt ?? d.duration,
};
const TEXT = (d: ClassifiedDecision): string => `${d.value} ${d.scope} ${d.class ?? ''} ${d.flags.join(' ')} ${d.type} ${d.scenario}`;

function DecisionsTable({ decisions }: { decisions: readonly ClassifiedDecision[] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(decisions, SORT, TEXT);
  return (
    <div className="table-scroll">
      <TableFilter label="Filter decisions" value={filter} onChange={setFilter} count={shown.length} total={decisions.length} />
      <table className="svc-table client-table" data-testid="crowdsec-decisions">
        <caption className="visually-hidden">CrowdSec decisions with the class of their target</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'target', label: 'Target' }, { k: 'cls', label: 'Class' }, { k: 'flags', label: 'Flags' }, { k: 'type', label: 'Type' }, { k: 'scenario', label: 'Scenario' }, { k: 'expires', label: 'Expires' }]} sort={sort} toggle={toggle} />
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.id} data-value={d.value} data-class={d.class ?? 'none'}>
              <th scope="row" className="mono">
                {d.value}
                <span className="muted"> ({d.scope})</span>
              </th>
              <td data-label="Class">
                <ClassBadge cls={d.class} />
              </td>
              <td data-label="Flags">
                <span className="chips">
                  {d.flags.length === 0 ? <span className="muted">–</span> : null}
                  {d.flags.map((f) => (
                    <span key={f} className={`chip flag${f === 'internal-address' ? ' flag-internal' : ''}`}>
                      {f}
                    </span>
                  ))}
                </span>
              </td>
              <td data-label="Type">{d.type}</td>
              <td className="mono scenario" data-label="Scenario">{d.scenario}</td>
              <td data-label="Expires">{d.expiresAt ? <time dateTime={d.expiresAt}>{new Date(d.expiresAt).toLocaleString()}</time> : d.duration}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Status({ report }: { report: CrowdsecReport }) {
  const l = report.lapi;
  return (
    <dl className="lapi-status">
      <div>
        <dt>LAPI</dt>
        <dd className="mono">{l.url || 'not configured'}</dd>
      </div>
      <div>
        <dt>Reachable</dt>
        <dd>{yesNo(l.url ? l.reachable : null)}</dd>
      </div>
      <div>
        <dt>Healthy</dt>
        <dd>{yesNo(l.healthy)}</dd>
      </div>
      <div>
        <dt>Bouncer key</dt>
        <dd>{l.auth === 'ok' ? 'accepted' : l.auth === 'failed' ? 'rejected' : l.auth === 'unknown' ? 'not checked (no answer)' : 'not configured'}</dd>
      </div>
    </dl>
  );
}

export function CrowdsecReportView({ report }: { report: CrowdsecReport }) {
  const v = CROWDSEC_TONE[report.verdict];
  return (
    <div className="crowdsec-body" data-testid="crowdsec" data-verdict={report.verdict}>
      <div className="card crowdsec-verdict">
        <p className="verdict-answer">
          <ToneBadge tone={v.tone} label={v.label} />
        </p>
        <p>{report.explanation}</p>
        {report.lapi.url ? <Status report={report} /> : null}
        {report.lapi.error ? <p className="muted">Last error: {report.lapi.error}</p> : null}
        {report.blindRouters && report.blindRouters.length > 0 ? (
          <p>
            Blind on: <span className="mono">{report.blindRouters.join(', ')}</span>
          </p>
        ) : null}
      </div>
      <CrowdsecVisibility report={report} />
      {report.verdict === 'not-configured' ? (
        <div className="card" data-testid="crowdsec-setup">
          <h3>Connect edgelens to CrowdSec</h3>
          <p>
            edgelens reads the decisions with a bouncer key of its own and never shows the key. It then flags every ban on a node, pod or
            load-balancer address, and tells you when CrowdSec cannot see your visitors at all.
          </p>
          <div className="code-block">
            <pre>
              <code>{SETUP}</code>
            </pre>
            <CopyButton text={SETUP} label="Copy setup" />
          </div>
        </div>
      ) : null}
      {report.decisionsTotal > 0 ? (
        <>
          <h3 className="sub-title">
            Decisions <span className="muted">({fmtInt(report.decisionsTotal)})</span>
          </h3>
          <DecisionsTable decisions={report.decisions} />
          {report.decisionsOmitted > 0 ? <p className="muted">{fmtInt(report.decisionsOmitted)} more decisions on public addresses are not listed.</p> : null}
        </>
      ) : report.lapi.auth === 'ok' ? (
        <p className="empty-note">No active decisions.</p>
      ) : null}
      {report.findings.length > 0 ? (
        <>
          <h3 className="sub-title">CrowdSec findings</h3>
          <ClientFindings findings={report.findings} prefix="crowdsec-finding" empty="" level={4} />
        </>
      ) : null}
    </div>
  );
}

export function CrowdsecPanel() {
  const q = useCrowdsec();
  if (q.data === undefined) {
    if (q.error) return <LoadError level={3} title="Could not load the CrowdSec report" error={q.error} onRetry={() => void q.refetch()} retrying={q.isFetching} />;
    return <SectionSkeleton label="Reading the CrowdSec LAPI…" />;
  }
  return <CrowdsecReportView report={q.data} />;
}
