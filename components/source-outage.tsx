// The cluster source is down: say so above everything else, with the reason, since when, and how
// old the report on screen is. Rendered by the Overview whenever the API marks its report stale.
import type { Stale } from '@/lib/model';
import { ToneBadge } from './severity';

function clock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
}

export function SourceOutage({ stale }: { stale: Stale }) {
  return (
    <div className="card error-state" role="alert" data-testid="source-outage" data-stale-since={stale.since}>
      <h2>
        <ToneBadge tone="error" label="Cluster source unreachable" />
      </h2>
      <p className="error-message">
        Unknown — the API server is unreachable since <time dateTime={stale.since}>{clock(stale.since)}</time>: {stale.reason}
      </p>
      <p className="muted" data-testid="stale-age">
        {stale.lastSuccessAt === null
          ? 'No report could be read yet: nothing below is an answer.'
          : `Showing the last good report, read at ${clock(stale.lastSuccessAt)} (${stale.ageSeconds ?? '?'} s ago): stale until the API server answers again. edgelens retries by itself.`}
      </p>
    </div>
  );
}
