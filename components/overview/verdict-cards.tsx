// The first screen: the user's three questions. The answers are computed on the server
// (lib/analyzers/summary, GET /api/v1/summary) — the same ones `edgelens status` prints and
// /metrics exports; each is rendered by the card the Client IPs and Edge pages lead with
// (components/summary/answer-card.tsx).
import type { ClusterReport } from '@/lib/model';
import { AnswerCard, PendingAnswerCard, type AnswerKey } from '../summary/answer-card';
import type { SummaryState } from '../summary/summary-state';
import { plural, SECTION_IDS } from './anchors';

export type { SummaryState } from '../summary/summary-state';

const KEYS: readonly AnswerKey[] = ['clientIp', 'http3', 'traps'];

export function VerdictCards({ report, summary }: { report: ClusterReport; summary: SummaryState }) {
  return (
    <section className="section" id={SECTION_IDS.verdicts} aria-labelledby="verdicts-title">
      <h2 id="verdicts-title" className="visually-hidden">
        Answers
      </h2>
      <div className="verdict-grid">
        {KEYS.map((k) =>
          summary.state === 'ready' ? (
            <AnswerCard key={k} id={k} answer={summary.data.answers[k]} />
          ) : (
            <PendingAnswerCard key={k} id={k} text={summary.state === 'loading' ? 'Reading the logs, probes and cluster…' : `The answers could not be computed: ${summary.message}`} />
          ),
        )}
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
