// The first screen: the user's three questions, each with a verdict word, the
// number behind it, where the answer comes from and a link to the evidence.
import type { ClusterReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { plural, SECTION_IDS } from './anchors';
import { verdicts, type Verdict, type VerdictEvidence } from './verdicts';

function VerdictCard({ v }: { v: Verdict }) {
  return (
    <article
      className={`card verdict verdict-${v.tone}`}
      data-testid={`verdict-${v.id}`}
      data-basis={v.basis}
      aria-labelledby={`verdict-${v.id}-q`}
    >
      <h3 id={`verdict-${v.id}-q`} className="verdict-question">
        {v.question}
      </h3>
      <p className="verdict-answer">
        <ToneBadge tone={v.tone} label={v.word} />
      </p>
      <p className="verdict-figure">
        <span className="figure">{v.figure}</span> <span className="figure-label">{v.figureLabel}</span>
      </p>
      <p className="verdict-detail">{v.detail}</p>
      {v.support ? (
        <p className="verdict-support" data-testid="verdict-support">
          <span className="verdict-support-label">Cluster config:</span> {v.support.text}{' '}
          <a href={v.support.href}>{v.support.linkLabel}</a>
        </p>
      ) : null}
      {v.note ? (
        // A pending note changes by itself once the evidence arrives: announce it politely.
        <p className={`verdict-note verdict-note-${v.note.kind}`} data-testid="verdict-note" role={v.note.kind === 'pending' ? 'status' : undefined}>
          {v.note.text}
          {v.note.href ? (
            <>
              {' '}
              <a href={v.note.href}>{v.note.linkLabel ?? 'Details'} →</a>
            </>
          ) : null}
        </p>
      ) : null}
      <p className="verdict-basis">Based on {v.basisLabel}</p>
      <a className="verdict-link" href={v.href}>
        {v.linkLabel} →
      </a>
    </article>
  );
}

export function VerdictCards({ report, evidence }: { report: ClusterReport; evidence?: VerdictEvidence }) {
  return (
    <section className="section" id={SECTION_IDS.verdicts} aria-labelledby="verdicts-title">
      <h2 id="verdicts-title" className="visually-hidden">
        Answers
      </h2>
      <div className="verdict-grid">
        {verdicts(report, evidence).map((v) => (
          <VerdictCard key={v.id} v={v} />
        ))}
      </div>
      {report.gaps.length > 0 ? (
        <p className="gap-note">
          edgelens could not read {plural(report.gaps.length, 'kind')} ({report.gaps.map((g) => g.kind).join(', ')}), so these answers may be
          incomplete. <a href={`#${SECTION_IDS.gaps}`}>See what is missing</a>.
        </p>
      ) : null}
    </section>
  );
}
