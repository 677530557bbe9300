// The access-log evidence beneath the answer: what the sampled Traefik log shows about client
// addresses, with the numbers behind it. The answer itself is the summary's (PageAnswer above
// it), which also weighs a Service without an IP and the cluster config.
import type { LogReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { fmtInt, sampleEvidence } from './words';

export function ClientVerdictCard({ report }: { report: LogReport }) {
  const e = sampleEvidence(report);
  const pods = report.sources?.length ?? 0;
  return (
    <article className={`card verdict verdict-${e.tone} client-verdict`} data-testid="client-verdict" data-verdict={report.verdict} aria-labelledby="client-verdict-q">
      <h2 id="client-verdict-q" className="verdict-question">
        What the access-log sample shows
      </h2>
      <p className="muted">
        Evidence: Traefik&apos;s access log{pods > 0 ? `, sampled from ${pods} ${pods === 1 ? 'pod' : 'pods'}` : ''} — the client address Traefik saw on each request.
      </p>
      <p className="verdict-answer">
        <ToneBadge tone={e.tone} label={e.label} />
        <span className="verdict-word">
          verdict <strong>{report.verdict}</strong>
        </span>
      </p>
      <p className="client-sentence">{e.sentence}</p>
      {report.explanation && report.verdict !== 'unknown' ? <p className="verdict-detail">{report.explanation}</p> : null}
      <p className="muted client-counts">
        {report.format.toUpperCase()} log · {fmtInt(report.lines)} lines · {fmtInt(report.parsed)} access-log entries · {fmtInt(report.malformed)} malformed
        {report.blank ? ` · ${fmtInt(report.blank)} blank` : ''}
        {report.unclassified ? ` · ${fmtInt(report.unclassified)} without an IP client` : ''}
      </p>
    </article>
  );
}
