// The answer first: do real client IPs reach Traefik, with the numbers behind it.
import type { LogReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { fmtInt, headline } from './words';

export function ClientVerdictCard({ report }: { report: LogReport }) {
  const h = headline(report);
  return (
    <article className={`card verdict verdict-${h.tone} client-verdict`} data-testid="client-verdict" data-verdict={report.verdict} aria-labelledby="client-verdict-q">
      <h2 id="client-verdict-q" className="verdict-question">
        Do real client IPs reach Traefik?
      </h2>
      <p className="verdict-answer">
        <ToneBadge tone={h.tone} label={h.answer} />
        <span className="verdict-word">
          verdict <strong>{report.verdict}</strong>
        </span>
      </p>
      <p className="client-sentence">{h.sentence}</p>
      {report.explanation && report.verdict !== 'unknown' ? <p className="verdict-detail">{report.explanation}</p> : null}
      <p className="muted client-counts">
        {report.format.toUpperCase()} log · {fmtInt(report.lines)} lines · {fmtInt(report.parsed)} access-log entries · {fmtInt(report.malformed)} malformed
        {report.blank ? ` · ${fmtInt(report.blank)} blank` : ''}
        {report.unclassified ? ` · ${fmtInt(report.unclassified)} without an IP client` : ''}
      </p>
    </article>
  );
}
