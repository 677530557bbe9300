// What a what-if preview predicts: the findings it resolves, the ones it
// creates, what else holds the IP (blast radius), and the ordered steps —
// each with how to verify it and how to roll it back.
import type { ChecklistStep, Finding, WhatIf } from '@/lib/model';
import { CommandList } from '../command-block';
import { FixSteps } from '../fix-steps';
import { TONE_WORD, ToneBadge } from '../severity';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { plural } from './anchors';
import { describeCounts, severityCounts } from './severity-counts';

function subjectsOf(f: Finding): string {
  return f.subjects.map((s) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ');
}

function ResolvedList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p className="muted">No current finding goes away.</p>;
  return (
    <ul className="whatif-findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${i}`} className="whatif-finding resolved" data-testid="what-if-resolved" data-rule={f.rule}>
          <div className="whatif-finding-head">
            <ToneBadge tone="ok" label="Resolved" />
            <code className="rule-id">{f.rule}</code>
            <span className="muted">was {TONE_WORD[f.severity].toLowerCase()}</span>
          </div>
          <p>{f.message}</p>
        </li>
      ))}
    </ul>
  );
}

function HiddenList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <section aria-labelledby="whatif-hidden-title" className="whatif-hidden">
      <h3 id="whatif-hidden-title" className="whatif-h">
        Hidden by a new error <span className="count">{findings.length}</span>
      </h3>
      <p className="muted">These would stop showing only because their Service would lose its IP — not fixed.</p>
      <ul className="whatif-findings">
        {findings.map((f, i) => (
          <li key={`${f.rule}-${i}`} className="whatif-finding hidden-by-error" data-testid="what-if-hidden" data-rule={f.rule}>
            <div className="whatif-finding-head">
              <ToneBadge tone="unknown" label="Hidden" />
              <code className="rule-id">{f.rule}</code>
              <span className="muted">still {TONE_WORD[f.severity].toLowerCase()}</span>
            </div>
            <p>{f.message}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function NewList({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) {
    return (
      <p>
        <ToneBadge tone="ok" label="Nothing new" /> <span className="muted">The change creates no new finding.</span>
      </p>
    );
  }
  return (
    <ul className="whatif-findings">
      {findings.map((f, i) => (
        <li key={`${f.rule}-${i}`} className={`whatif-finding new sev-${f.severity}`} data-testid="what-if-new" data-rule={f.rule}>
          <div className="whatif-finding-head">
            <ToneBadge tone={f.severity} label={`New ${TONE_WORD[f.severity].toLowerCase()}`} />
            <code className="rule-id">{f.rule}</code>
          </div>
          <p className="whatif-finding-message">{f.message}</p>
          {f.subjects.length > 0 ? <p className="muted whatif-subjects">{subjectsOf(f)}</p> : null}
          <details className="whatif-fix">
            <summary>How to avoid it</summary>
            <FixSteps finding={f} />
          </details>
        </li>
      ))}
    </ul>
  );
}

type BlastEntry = WhatIf['blastRadius'][number];
const BLAST_SORT = {
  kind: (e: BlastEntry) => e.kind,
  object: (e: BlastEntry) => `${e.namespace ?? ''}/${e.name}`,
  ip: (e: BlastEntry) => e.ip,
  where: (e: BlastEntry) => e.where ?? '',
};
const BLAST_TEXT = (e: BlastEntry): string => `${e.kind} ${e.namespace ?? ''}/${e.name} ${e.ip} ${e.where ?? ''}`;

function BlastRadius({ entries }: { entries: WhatIf['blastRadius'] }) {
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(entries, BLAST_SORT, BLAST_TEXT);
  if (entries.length === 0) return <p className="muted">No other object contains the IPs this change moves.</p>;
  return (
    <div className="whatif-table-wrap">
      {entries.length > 5 ? <TableFilter label="Filter objects" value={filter} onChange={setFilter} count={shown.length} total={entries.length} /> : null}
      <table className="svc-table" data-testid="what-if-blast-radius">
        <caption className="visually-hidden">Objects that contain an IP this change moves</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'kind', label: 'Kind' }, { k: 'object', label: 'Object' }, { k: 'ip', label: 'IP' }, { k: 'where', label: 'Where' }]} sort={sort} toggle={toggle} />
          </tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={`${e.kind}-${e.namespace ?? ''}-${e.name}-${e.ip}-${i}`}>
              <td data-label="Kind">{e.kind}</td>
              <th scope="row" data-label="Object">
                {e.namespace ? `${e.namespace}/` : ''}
                {e.name}
              </th>
              <td data-label="IP">
                <code>{e.ip}</code>
              </td>
              <td data-label="Where" className="whatif-where">
                {e.where ?? <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A short title per cutover phase; steps without one are just numbered. */
const PHASE_TITLE: Record<NonNullable<ChecklistStep['phase']>, string> = {
  'pre-flight': 'Pre-flight',
  'lower-ttl': 'Lower the DNS TTL',
  'move-service': 'Move the Service',
  repoint: 'Repoint',
  'verify-old-ip': 'Check the old IP',
  'verify-client-ip': 'Check client IPs',
  'restore-ttl': 'Restore the DNS TTL',
};

function Checklist({ steps }: { steps: WhatIf['checklist'] }) {
  if (steps.length === 0) return <p className="muted">No steps: the change is a no-op.</p>;
  return (
    <ol className="checklist" data-testid="what-if-checklist">
      {steps.map((s, i) => (
        <li key={i} className="checklist-step" data-phase={s.phase}>
          {s.phase ? <h4 className="checklist-phase">{PHASE_TITLE[s.phase]}</h4> : null}
          <p className="checklist-what">{s.step}</p>
          <CommandList commands={s.commands?.step} label="Step" />
          <dl className="checklist-detail">
            <div>
              <dt>Verify</dt>
              <dd>
                {s.verify}
                <CommandList commands={s.commands?.verify} label="Verify" />
              </dd>
            </div>
            <div>
              <dt>Rollback</dt>
              <dd>
                {s.rollback}
                <CommandList commands={s.commands?.rollback} label="Rollback" />
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

const VERDICT_VIEW: Record<NonNullable<WhatIf['verdict']>, { tone: 'ok' | 'error' | 'unknown'; word: string }> = {
  safe: { tone: 'ok', word: 'Safe' },
  unsafe: { tone: 'error', word: 'Unsafe' },
  'no-change': { tone: 'unknown', word: 'No change' },
};

/** The plan's answer, first: Safe / Unsafe (and why) / No change. */
function VerdictLine({ whatIf }: { whatIf: WhatIf }) {
  if (!whatIf.verdict) return null;
  const v = VERDICT_VIEW[whatIf.verdict];
  return (
    <p className={`whatif-verdict whatif-verdict-${whatIf.verdict}`} data-testid="what-if-verdict" data-verdict={whatIf.verdict}>
      <ToneBadge tone={v.tone} label={v.word} />
      {whatIf.verdictReason ? <span className="whatif-verdict-reason">{whatIf.verdictReason}</span> : null}
    </p>
  );
}

export function WhatIfResult({ whatIf, findingsAfter, findingsNow }: { whatIf: WhatIf; findingsAfter: readonly Finding[]; findingsNow: readonly Finding[] }) {
  if (whatIf.verdict === 'no-change') {
    return (
      <div className="whatif-result" data-testid="what-if-result">
        <VerdictLine whatIf={whatIf} />
        <p className="muted">No checklist: there is nothing to apply.</p>
      </div>
    );
  }
  const unsafe = whatIf.verdict === 'unsafe';
  const resolvedSection = (
    <section aria-labelledby="whatif-resolved-title">
      <h3 id="whatif-resolved-title" className="whatif-h">
        Resolved <span className="count">{whatIf.resolved.length}</span>
      </h3>
      <ResolvedList findings={whatIf.resolved} />
    </section>
  );
  const newSection = (
    <section aria-labelledby="whatif-new-title">
      <h3 id="whatif-new-title" className="whatif-h">
        New <span className="count">{whatIf.new.length}</span>
      </h3>
      <NewList findings={whatIf.new} />
    </section>
  );
  return (
    <div className="whatif-result" data-testid="what-if-result">
      <VerdictLine whatIf={whatIf} />
      <p className="whatif-summary">
        After this change: <strong>{describeCounts(severityCounts(findingsAfter))}</strong>{' '}
        <span className="muted">(now {describeCounts(severityCounts(findingsNow))})</span>
      </p>
      {/* An unsafe plan leads with what it breaks. */}
      <div className="whatif-columns">
        {unsafe ? newSection : resolvedSection}
        {unsafe ? resolvedSection : newSection}
      </div>
      <HiddenList findings={whatIf.hidden ?? []} />
      <section aria-labelledby="whatif-blast-title">
        <h3 id="whatif-blast-title" className="whatif-h">
          Blast radius <span className="section-sub">{plural(whatIf.blastRadius.length, 'object')} that hold or name the IP</span>
        </h3>
        <BlastRadius entries={whatIf.blastRadius} />
      </section>
      <section aria-labelledby="whatif-checklist-title">
        <h3 id="whatif-checklist-title" className="whatif-h">
          Checklist <span className="section-sub">{unsafe ? 'stops at the pre-flight: the plan is unsafe' : 'in this order'}</span>
        </h3>
        <Checklist steps={whatIf.checklist} />
      </section>
    </div>
  );
}
