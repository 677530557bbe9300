'use client';
// The view from every node: one row per node that runs the agent, one column per target. A cell
// says what that node saw (ok / failing / hairpin-broken / resolves to the wrong address), the
// node announcing a target's VIP is marked, kube-proxy's health check answer per node follows,
// then the agent findings. Words and icons carry the state, never colour alone.
import { useAgents } from '@/lib/client/hooks';
import type { AgentCell, AgentCellState, AgentHealthRow, AgentsResponse } from '@/lib/model';
import { findingAnchors } from '../overview/anchors';
import { FindingCard } from '../overview/finding-card';
import { ToneBadge, type ToneName } from '../severity';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { clockTime } from './edge-view';

const STATE: Record<AgentCellState, { tone: ToneName; word: string }> = {
  ok: { tone: 'ok', word: 'OK' },
  failing: { tone: 'error', word: 'Failing' },
  'hairpin-broken': { tone: 'error', word: 'Hairpin broken' },
  'wrong-address': { tone: 'warning', word: 'Wrong address' },
  'not-reported': { tone: 'unknown', word: 'Not reported' },
};

function Cell({ cell, announcer }: { cell: AgentCell | undefined; announcer: boolean }) {
  const s = STATE[cell?.state ?? 'not-reported'];
  return (
    <td data-testid="agent-cell" data-node={cell?.node} data-target={cell?.target} data-state={cell?.state ?? 'not-reported'} data-announcer={announcer ? 'true' : 'false'}>
      <ToneBadge tone={s.tone} label={s.word} />
      {announcer ? (
        <span className="tag announcer-tag" title="This node announces the target’s LB IP">
          announcer
        </span>
      ) : null}
      {cell && cell.state !== 'ok' ? <span className="agent-cell-detail muted">{cell.detail}</span> : null}
    </td>
  );
}

function Matrix({ doc }: { doc: AgentsResponse }) {
  return (
    <div className="table-scroll">
      <table className="agent-matrix" data-testid="agent-matrix">
        <caption className="visually-hidden">Each target as seen from each node running the agent</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            {doc.targets.map((t) => (
              <th scope="col" key={t.name}>
                {t.name}
                <br />
                <code className="muted">{t.lbIp ?? t.host}</code>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {doc.nodes.map((n) => (
            <tr key={n.node} data-testid="agent-node" data-node={n.node} data-stale={n.stale ? 'true' : 'false'}>
              <th scope="row">
                {n.node}
                {n.announces.length > 0 ? <span className="muted"> · announces {n.announces.join(', ')}</span> : null}
                <br />
                <span className="muted">
                  {n.stale ? 'stale — ' : ''}report <time dateTime={n.lastReportAt}>{clockTime(Date.parse(n.lastReportAt))}</time>
                </span>
              </th>
              {doc.targets.map((t) => (
                <Cell key={t.name} cell={doc.cells.find((c) => c.node === n.node && c.target === t.name)} announcer={t.announcer === n.node} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Failing answers first when sorted by answer: no answer, then no local endpoint, then healthy.
const HEALTH_SORT = {
  node: (h: AgentHealthRow) => h.node,
  service: (h: AgentHealthRow) => `${h.namespace}/${h.name}`,
  answer: (h: AgentHealthRow) => (h.status === null ? 0 : h.localEndpoints !== null && h.localEndpoints > 0 ? 2 : 1),
};
const HEALTH_TEXT = (h: AgentHealthRow): string => `${h.node} ${h.namespace}/${h.name} ${h.announcer ? 'announcer' : ''} ${h.status ?? 'no answer'}`;

function HealthChecks({ doc }: { doc: AgentsResponse }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(doc.healthChecks, HEALTH_SORT, HEALTH_TEXT);
  if (doc.healthChecks.length === 0) return null;
  return (
    <div className="table-scroll">
      <TableFilter label="Filter health checks" value={filter} onChange={setFilter} count={shown.length} total={doc.healthChecks.length} />
      <table className="agent-health" data-testid="agent-health">
        <caption>kube-proxy’s health check (healthCheckNodePort) on each node, for ETP=Local Services</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'node', label: 'Node' }, { k: 'service', label: 'Service' }, { k: 'answer', label: 'Answer' }]} sort={sort} toggle={toggle} />
          </tr>
        </thead>
        <tbody>
          {shown.map((h) => (
            <tr key={`${h.node}/${h.namespace}/${h.name}`} data-testid="agent-health-row" data-node={h.node} data-announcer={h.announcer ? 'true' : 'false'}>
              <th scope="row">
                {h.node}
                {h.announcer ? <span className="tag announcer-tag">announcer</span> : null}
              </th>
              <td>
                {h.namespace}/{h.name} <code className="muted">:{h.port}</code>
              </td>
              <td>
                {h.status === null ? (
                  <ToneBadge tone="unknown" label={`No answer: ${h.error ?? 'unknown'}`} />
                ) : (
                  <ToneBadge tone={h.localEndpoints !== null && h.localEndpoints > 0 ? 'ok' : 'error'} label={`HTTP ${h.status} · ${h.localEndpoints ?? '?'} local endpoints`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgentMatrix() {
  const agents = useAgents();
  const doc = agents.data;
  return (
    <section className="section" id="agents" aria-labelledby="agents-title" data-testid="agents">
      <div className="section-head">
        <h2 id="agents-title">The view from every node</h2>
        <p className="section-sub">{doc ? `${doc.nodes.length} ${doc.nodes.length === 1 ? 'node' : 'nodes'} reporting` : ''}</p>
      </div>
      {doc === undefined ? (
        agents.error ? (
          <p className="card" role="alert">
            <ToneBadge tone="warning" label="Could not load the agent matrix" /> {agents.error.message}
          </p>
        ) : (
          <p className="card muted" role="status">
            Loading the agent matrix…
          </p>
        )
      ) : (
        <>
          {doc.error ? (
            <p className="card" role="alert">
              <ToneBadge tone="error" label="Agent analysis failed" /> {doc.error}
            </p>
          ) : null}
          {doc.nodes.length === 0 ? (
            <p className="card empty-note" data-testid="agents-empty">
              <ToneBadge tone="unknown" label="No agent has reported" />{' '}
              {doc.enabled
                ? 'Agents are enabled; none has reported yet. Deploy the agent DaemonSet (deploy/kustomize/components/agent) to see each target from every node.'
                : 'Agents are not enabled: set EDGELENS_AGENT_TOKEN (or _FILE) on the server and deploy the agent DaemonSet (deploy/kustomize/components/agent).'}
            </p>
          ) : (
            <>
              <Matrix doc={doc} />
              <HealthChecks doc={doc} />
              {doc.findings.length > 0 ? (
                <div className="finding-stack" data-testid="agent-findings">
                  {doc.findings.map((f, i) => (
                    <FindingCard key={findingAnchors(doc.findings)[i]} finding={{ ...f, ip: undefined }} anchor={`agent-${findingAnchors(doc.findings)[i] ?? i}`} />
                  ))}
                </div>
              ) : null}
            </>
          )}
        </>
      )}
    </section>
  );
}
