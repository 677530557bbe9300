'use client';
// "What changed in the last 24 h" on the Overview: findings that appeared or resolved, announcer
// moves and source outages, newest first, from GET /api/v1/history?since=24h. Quiet when nothing
// changed; says so when history is in memory only (it starts again with the server).
import { useHistory } from '@/lib/client/hooks';
import type { HistoryResponse } from '@/lib/model';

interface Row {
  at: string;
  text: string;
  kind: 'finding' | 'announcer' | 'source';
}

export function changeRows(h: HistoryResponse): Row[] {
  const rows: Row[] = [
    ...h.findings.map((f) => ({ at: f.at, kind: 'finding' as const, text: `${f.event === 'appeared' ? 'Appeared' : 'Resolved'}: ${f.rule} (${f.severity}) — ${f.message}` })),
    ...h.announcers.map((a) => ({ at: a.at, kind: 'announcer' as const, text: a.from === null ? `${a.ip} announced by ${a.to ?? 'no node'}` : `${a.ip} announcer moved: ${a.from} → ${a.to ?? 'no node'}` })),
    ...h.sources.map((s) => ({ at: s.at, kind: 'source' as const, text: s.up ? `Source ${s.source} back` : `Source ${s.source} down: ${s.reason ?? 'no reason given'}` })),
  ];
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

const SHOWN = 12;

export function RecentChanges() {
  const history = useHistory('24h');
  if (!history.data) return null;
  const rows = changeRows(history.data);
  return (
    <section className="section" aria-labelledby="changes-title" data-testid="recent-changes">
      <div className="section-head">
        <h2 id="changes-title">Changed in the last 24 h</h2>
        <p className="section-sub">
          {rows.length} {rows.length === 1 ? 'change' : 'changes'}
          {history.data.persistent ? '' : ' · history is in memory only (set EDGELENS_HISTORY_PATH to keep it across restarts)'}
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="muted">Nothing changed.</p>
      ) : (
        <ul className="card">
          {rows.slice(0, SHOWN).map((r, i) => (
            <li key={`${r.at}-${i}`} data-kind={r.kind}>
              <time dateTime={r.at}>{new Date(r.at).toLocaleString()}</time> {r.text}
            </li>
          ))}
          {rows.length > SHOWN ? <li className="muted">… and {rows.length - SHOWN} more (GET /api/v1/history?since=24h)</li> : null}
        </ul>
      )}
    </section>
  );
}
