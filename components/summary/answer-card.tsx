// One of the three answers of GET /api/v1/summary as a card — the one component the Overview,
// the Client IPs page and the Edge page render it with, so all three show the same word, the
// same sentence and the same evidence. It only renders: the answers are computed on the server
// (lib/analyzers/summary), the same ones `edgelens status` prints.
import type { Answer, Basis, Summary } from '@/lib/model';
import { SUMMARY_QUESTIONS } from '@/lib/model/summary';
import { ToneBadge, type ToneName } from '../severity';
import { evidenceHref } from './evidence-href';

export type AnswerKey = keyof Summary['answers'];

/** Stable test ids and anchors of the three cards (the same on every page). */
export const ANSWER_CARD_ID: Record<AnswerKey, string> = { clientIp: 'clients', http3: 'h3', traps: 'traps' };

const BASIS_WORDS: Record<Basis, string> = {
  logs: 'Traefik access logs',
  cluster: 'the cluster config',
  probes: 'HTTP/3 probes',
  agents: 'node agents',
  crowdsec: 'CrowdSec',
};

export function answerTone(key: AnswerKey, a: Answer): ToneName {
  if (key === 'traps') return a.answer === 'yes' ? 'error' : a.answer === 'partly' ? 'warning' : a.answer === 'no' ? 'ok' : 'unknown';
  if (a.suspect) return 'warning';
  return a.answer === 'yes' ? 'ok' : a.answer === 'partly' ? 'warning' : a.answer === 'no' ? 'error' : 'unknown';
}

export function answerWord(key: AnswerKey, a: Answer): string {
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

export interface AnswerCardProps {
  id: AnswerKey;
  answer: Answer;
  /** h3 in the Overview's grid, h2 where the card leads a page. */
  level?: 2 | 3;
  /** The page the card is on ("/", "/clients", "/edge"). */
  page?: string;
  /** The section on this page that holds the detail behind the answer. */
  evidenceAnchor?: string;
}

export function AnswerCard({ id, answer, level = 3, page = '/', evidenceAnchor }: AnswerCardProps) {
  const card = ANSWER_CARD_ID[id];
  const tone = answerTone(id, answer);
  const Heading = level === 2 ? 'h2' : 'h3';
  const href = evidenceHref(answer.link, page, evidenceAnchor);
  const more = answer.evidence.length - MAX_EVIDENCE;
  return (
    <article
      className={`card verdict verdict-${tone}`}
      data-testid={`verdict-${card}`}
      data-answer={answer.answer}
      data-basis={answer.basis[0] ?? 'none'}
      aria-labelledby={`verdict-${card}-q`}
    >
      <Heading id={`verdict-${card}-q`} className="verdict-question">
        {SUMMARY_QUESTIONS[id]}
      </Heading>
      <p className="verdict-answer">
        <ToneBadge tone={tone} label={answerWord(id, answer)} />
      </p>
      <p className="verdict-detail" data-testid="verdict-headline">
        {answer.headline}
      </p>
      {answer.evidence.length > 0 ? (
        <ul className="verdict-support" data-testid="verdict-evidence">
          {answer.evidence.slice(0, MAX_EVIDENCE).map((e) => (
            <li key={e}>{e}</li>
          ))}
          {more > 0 ? <li>… and {more === 1 ? '1 more line' : `${more} more lines`}</li> : null}
        </ul>
      ) : null}
      <p className="verdict-basis">Based on {basisLabel(answer.basis)}</p>
      {href ? (
        <a className="verdict-link" href={href}>
          See the evidence →
        </a>
      ) : null}
    </article>
  );
}

/** The card's place while the answers load, or when they could not be computed. */
export function PendingAnswerCard({ id, text, level = 3 }: { id: AnswerKey; text: string; level?: 2 | 3 }) {
  const card = ANSWER_CARD_ID[id];
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article className="card verdict verdict-unknown" data-testid={`verdict-${card}`} data-answer="pending" aria-labelledby={`verdict-${card}-q`}>
      <Heading id={`verdict-${card}-q`} className="verdict-question">
        {SUMMARY_QUESTIONS[id]}
      </Heading>
      <p className="verdict-note verdict-note-pending" role="status">
        {text}
      </p>
    </article>
  );
}
