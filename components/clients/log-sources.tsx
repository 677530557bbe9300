'use client';
// Where the lines came from: every Traefik pod read (or why it could not be), and what was not an entry.
// The pods table sorts and filters (a big Traefik DaemonSet has a pod per node).
import type { LogReport, LogSource } from '@/lib/model';
import { CopyButton } from '../copy-button';
import { ToneBadge } from '../severity';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { fmtInt } from './words';

const SORT = {
  pod: (s: LogSource) => `${s.namespace}/${s.pod}`,
  node: (s: LogSource) => s.node ?? '',
  lines: (s: LogSource) => s.lines,
  bytes: (s: LogSource) => s.bytes,
  status: (s: LogSource) => (s.error ? `0 ${s.reason ?? 'error'}` : s.truncated ? '1 cut' : '2 read'),
};
const TEXT = (s: LogSource): string => `${s.namespace}/${s.pod} ${s.node ?? ''} ${s.error ? `${s.reason ?? 'error'} ${s.error}` : 'read'}`;

function SourcesTable({ sources }: { sources: readonly LogSource[] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(sources, SORT, TEXT);
  return (
    <div className="table-scroll">
      <TableFilter label="Filter pods" value={filter} onChange={setFilter} count={shown.length} total={sources.length} />
      <table className="svc-table client-table" data-testid="log-sources-table">
        <caption className="visually-hidden">Traefik pods whose logs were read</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'pod', label: 'Pod' }, { k: 'node', label: 'Node' }, { k: 'lines', label: 'Lines', className: 'num' }, { k: 'bytes', label: 'Bytes', className: 'num' }, { k: 'status', label: 'Status' }]} sort={sort} toggle={toggle} />
          </tr>
        </thead>
        <tbody>
          {shown.map((src) => (
            <tr key={`${src.namespace}/${src.pod}`} data-testid="source-row" data-pod={src.pod}>
              <th scope="row" className="mono">
                {src.namespace}/{src.pod}
              </th>
              <td data-label="Node">{src.node ?? '–'}</td>
              <td className="num" data-label="Lines">{fmtInt(src.lines)}</td>
              <td className="num" data-label="Bytes">{bytes(src.bytes)}</td>
              <td data-label="Status">
                <Status s={src} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function Status({ s }: { s: LogSource }) {
  if (s.error) {
    return (
      <div className="source-error">
        <ToneBadge tone="error" label={s.reason ?? 'error'} />
        <span>{s.error}</span>
        {s.rbac ? (
          <span className="source-rbac">
            needs RBAC <code>{s.rbac}</code> <CopyButton text={s.rbac} label="Copy RBAC rule" />
          </span>
        ) : null}
      </div>
    );
  }
  return <ToneBadge tone="ok" label={s.truncated ? 'read (cut at the byte bound)' : 'read'} />;
}

function windowText(report: LogReport): string {
  const s = report.sampling;
  if (!s) return '';
  const parts = [s.tailLines !== undefined ? `last ${fmtInt(s.tailLines)} lines` : '', s.sinceSeconds !== undefined ? `of the last ${fmtInt(s.sinceSeconds)} s` : '', s.limitBytes ? `at most ${bytes(s.limitBytes)} per pod` : ''];
  return parts.filter(Boolean).join(', ');
}

export function LogSources({ report }: { report: LogReport }) {
  const s = report.sampling;
  const sources = report.sources ?? [];
  return (
    <div className="card sources-card" data-testid="log-sources">
      {s ? (
        <p>
          <strong>{s.target}</strong>
          {windowText(report) ? <span className="muted"> · {windowText(report)}</span> : null}
          {s.sampledAt ? (
            <span className="muted">
              {' '}
              · sampled at <time dateTime={s.sampledAt}>{new Date(s.sampledAt).toLocaleTimeString()}</time>
            </span>
          ) : null}
        </p>
      ) : null}
      {sources.length > 0 ? (
        <SourcesTable sources={sources} />
      ) : null}
      {(s?.problems ?? []).map((p, i) => (
        <div key={i} className="gap-note source-problem">
          <ToneBadge tone="warning" label={`Could not read ${p.kind}: ${p.reason}`} />
          <p>{p.detail}</p>
          {p.rbac ? (
            <p>
              Missing RBAC: <code>{p.rbac}</code>
            </p>
          ) : null}
        </div>
      ))}
      <p className="muted">
        {fmtInt(report.lines)} lines: {fmtInt(report.parsed)} access-log entries, {fmtInt(report.malformed)} malformed
        {report.blank ? `, ${fmtInt(report.blank)} blank` : ''}. Malformed lines are Traefik&apos;s own log messages and anything else that is not an access-log
        entry; they are counted, never fatal.
      </p>
    </div>
  );
}
