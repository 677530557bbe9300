// The first screen: the user's three questions, each with a verdict word, the
// number behind it and a link to the evidence.
import type { ClusterReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { plural, SECTION_IDS } from './anchors';
import { verdicts, type Verdict } from './verdicts';

function VerdictCard({ v }: { v: Verdict }) {
  return (
    <article className={`card verdict verdict-${v.tone}`} data-testid={`verdict-${v.id}`} aria-labelledby={`verdict-${v.id}-q`}>
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
      <a className="verdict-link" href={v.href}>
        {v.linkLabel} →
      </a>
    </article>
  );
}

export function VerdictCards({ report }: { report: ClusterReport }) {
  return (
    <section className="section" id={SECTION_IDS.verdicts} aria-labelledby="verdicts-title">
      <h2 id="verdicts-title" className="visually-hidden">
        Answers
      </h2>
      <div className="verdict-grid">
        {verdicts(report).map((v) => (
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
