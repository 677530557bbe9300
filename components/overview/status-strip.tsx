'use client';
// The first thing on the Overview: what is broken, worst first — one line per
// error naming its Service and the consequence, each linking to the finding —
// then the warning count and, apart, the info notes. Reads every source (cluster,
// access logs, CrowdSec, edge), so an outage is named on the first screen.
import { countBySeverity, errorsWorstFirst, groupStatus, SOURCE_LABEL } from '../findings/sources';
import { useAllFindings } from '../findings/use-all-findings';
import { ToneBadge } from '../severity';
import { plural } from './anchors';

/** Cluster findings are on this page; the others on the combined Findings page. */
function hrefOf(source: string, anchor: string): string {
  return source === 'cluster' ? `#${anchor}` : `/findings#${anchor}`;
}

export function StatusStrip() {
  const { list, states } = useAllFindings();
  const errors = errorsWorstFirst(list);
  const counts = countBySeverity(list);
  const pending = states.filter((s) => s.state === 'loading').map((s) => SOURCE_LABEL[s.source]);
  const failed = states.filter((s) => s.state === 'error').map((s) => SOURCE_LABEL[s.source]);
  const tone = errors.length > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'ok';
  return (
    <section className={`status-strip status-${tone}`} aria-labelledby="status-title" data-testid="status-strip">
      <h2 id="status-title" className="status-title">
        <ToneBadge tone={tone} label={errors.length > 0 ? `${plural(errors.length, 'error')}: broken now` : counts.warning > 0 ? 'No errors' : 'Nothing broken found'} />
        <span className="status-counts">
          <a href="/findings?severity=error">{plural(counts.error, 'error')}</a> · <a href="/findings?severity=warning">{plural(counts.warning, 'warning')}</a>
          <span className="status-info">
            {' '}
            (and <a href="/findings?severity=info">{counts.info} info</a> apart)
          </span>
          {/* The traps card below counts the load-balancer config alone: say this strip counts more, so the two numbers never read as a contradiction. */}
          <span className="status-scope"> · from the cluster config, access logs, CrowdSec and edge probes</span>
        </span>
      </h2>
      {errors.length > 0 ? (
        <ol className="status-list">
          {groupStatus(errors).map((g) => {
            const x = g.items[0];
            if (!x) return null;
            // A grouped line opens the combined list filtered to its rule; a single one its finding.
            const href = g.items.length > 1 ? `/findings?severity=error&rule=${encodeURIComponent(x.finding.rule)}&source=${x.source}` : hrefOf(x.source, x.anchor);
            return (
              <li key={`${x.source}-${x.anchor}`} data-testid="status-error" data-rule={x.finding.rule} data-count={g.items.length}>
                <a href={href}>{g.text}</a> <span className="status-source">{SOURCE_LABEL[x.source]}</span>
              </li>
            );
          })}
        </ol>
      ) : null}
      {pending.length > 0 || failed.length > 0 ? (
        <p className="status-sources muted" role="status">
          {pending.length > 0 ? `Still reading: ${pending.join(', ')}.` : ''} {failed.length > 0 ? `Could not read: ${failed.join(', ')} — their findings are not counted.` : ''}
        </p>
      ) : null}
    </section>
  );
}
