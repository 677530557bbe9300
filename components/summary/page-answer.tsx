'use client';
// A page that is not the Overview leads with the summary's answer to its question (Client IPs:
// client IPs; Edge: HTTP/3) — the same card, word and sentence as the Overview — and puts its own
// detail beneath as the evidence. Loading, failed and "not up to date" are designed like the
// rest of the dashboard (components/load-states.tsx).
import { LoadError, StaleNotice } from '../load-states';
import { AnswerCard, PendingAnswerCard, type AnswerKey } from './answer-card';
import { usePageSummary } from './summary-state';

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'an unknown time' : d.toLocaleTimeString();
}

export function PageAnswer({ id, page, evidenceAnchor }: { id: AnswerKey; page: string; evidenceAnchor: string }) {
  const { state, retry, retrying } = usePageSummary();
  if (state.state === 'loading') return <PendingAnswerCard id={id} level={2} text="Reading the logs, probes and cluster…" />;
  if (state.state === 'failed') {
    if (state.error) return <LoadError title="Could not compute the answer" error={state.error} onRetry={retry} retrying={retrying} />;
    return <PendingAnswerCard id={id} level={2} text={`The answer could not be computed: ${state.message}`} />;
  }
  return (
    <>
      {state.refreshError ? (
        <StaleNotice what="answer" error={state.refreshError} since={timeOf(state.data.generatedAt)} onRetry={retry} retrying={retrying} />
      ) : null}
      <AnswerCard id={id} answer={state.data.answers[id]} level={2} page={page} evidenceAnchor={evidenceAnchor} />
    </>
  );
}
