// The first screen: the user's three questions. The answers are computed on the server
// (lib/analyzers/summary, GET /api/v1/summary) — the same ones `edgelens status` prints and
// /metrics exports; this only renders them: the answer word, the sentence with its number,
// the evidence, where it comes from and a link to it.
import type { Answer, Basis, ClusterReport, Summary } from '@/lib/model';
import { SUMMARY_QUESTIONS } from '@/lib/model/summary';
import { ToneBadge, type ToneName } from '../severity';
import { plural, SECTION_IDS } from './anchors';

type Key = keyof Summary['answers'];

/** Stable test ids and anchors of the three cards. */
const CARD_ID: Record<Key, string> = { clientIp: 'clients', http3: 'h3', traps: 'traps' };

const BASIS_WORDS: Record<Basis, string> = {
  logs: 'Traefik access logs',
  cluster: 'the cluster config',
  probes: 'HTTP/3 probes',
  agents: 'node agents',
  crowdsec: 'CrowdSec',
};

function toneOf(key: Key, a: Answer): ToneName {
  if (key === 'traps') return a.answer === 'yes' ? 'error' : a.answer === 'partly' ? 'warning' : a.answer === 'no' ? 'ok' : 'unknown';
  if (a.suspect) return 'warning';
  return a.answer === 'yes' ? 'ok' : a.answer === 'partly' ? 'warning' : a.answer === 'no' ? 'error' : 'unknown';
}

function wordOf(key: Key, a: Answer): string {
  if (key === 'traps') return a.answer === 'yes' ? 'Traps set' : a.answer === 'partly' ? 'Warnings' : a.answer === 'no' ? 'None found' : 'Unknown';
  if (a.suspect) return 'Probably not';
  return a.answer === 'yes' ? 'Yes' : a.answer === 'partly' ? 'Partly' : a.answer === 'no' ? 'No' : 'Unknown';
}

function basisLabel(basis: readonly Basis[]): string {
  const words = basis.map((b) => BASIS_WORDS[b]);
  if (words.length === 0) return 'nothing edgelens could read';
  return words.length === 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

const MAX_EVIDENCE = 3;

function AnswerCard({ id, answer }: { id: Key; answer: Answer }) {
  const card = CARD_ID[id];
  const tone = toneOf(id, answer);
  return (
    <article
      className={`card verdict verdict-${tone}`}
      data-testid={`verdict-${card}`}
      data-answer={answer.answer}
      data-basis={answer.basis[0] ?? 'none'}
      aria-labelledby={`verdict-${card}-q`}
    >
      <h3 id={`verdict-${card}-q`} className="verdict-question">
        {SUMMARY_QUESTIONS[id]}
      </h3>
      <p className="verdict-answer">
        <ToneBadge tone={tone} label={wordOf(id, answer)} />
      </p>
      <p className="verdict-detail" data-testid="verdict-headline">
        {answer.headline}
      </p>
      {answer.evidence.length > 0 ? (
        <ul className="verdict-support" data-testid="verdict-evidence">
          {answer.evidence.slice(0, MAX_EVIDENCE).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {answer.evidence.length > MAX_EVIDENCE ? <li>… and {plural(answer.evidence.length - MAX_EVIDENCE, 'more line')}</li> : null}
        </ul>
      ) : null}
      <p className="verdict-basis">Based on {basisLabel(answer.basis)}</p>
      {answer.link ? (
        <a className="verdict-link" href={answer.link}>
          See the evidence →
        </a>
      ) : null}
    </article>
  );
}

function PendingCard({ id, text }: { id: Key; text: string }) {
  const card = CARD_ID[id];
  return (
    <article className="card verdict verdict-unknown" data-testid={`verdict-${card}`} data-answer="pending" aria-labelledby={`verdict-${card}-q`}>
      <h3 id={`verdict-${card}-q`} className="verdict-question">
        {SUMMARY_QUESTIONS[id]}
      </h3>
      <p className="verdict-note verdict-note-pending" role="status">
        {text}
      </p>
    </article>
  );
}

export type SummaryState = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: Summary };

const KEYS: readonly Key[] = ['clientIp', 'http3', 'traps'];

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
            <PendingCard key={k} id={k} text={summary.state === 'loading' ? 'Reading the logs, probes and cluster…' : `The answers could not be computed: ${summary.message}`} />
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
