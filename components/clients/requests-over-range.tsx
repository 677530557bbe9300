'use client';
// The requests chart over a chosen range (1 h / 24 h / 7 d): the history store's per-minute class
// counts, bucketed so a week stays light, with a caption that says what it covers, where history
// starts and why, or a designed note when nothing is recorded.
import { useRangeHistory } from '@/lib/client/hooks';
import { BUCKET_MS, bucketClientClasses, bucketWords, historyCaption } from '@/lib/client/history-series';
import type { HistoryRange } from '@/lib/model';
import { RequestsByClassChart } from '../charts/requests-by-class-chart';
import { LoadError } from '../load-states';
import { SectionSkeleton } from './states';

const RANGE_WORDS: Record<HistoryRange, string> = { '1h': 'hour', '24h': '24 hours', '7d': '7 days' };

export function RequestsOverRange({ range }: { range: HistoryRange }) {
  const history = useRangeHistory(range);
  const doc = history.data;
  if (doc === undefined || doc.range !== range) {
    if (history.error) return <LoadError level={3} title="Could not load the history" error={history.error} onRetry={() => void history.refetch()} retrying={history.isFetching} />;
    return <SectionSkeleton label={`Reading the last ${RANGE_WORDS[range]} from history…`} tall />;
  }
  const from = Date.parse(doc.from);
  const to = Date.parse(doc.to);
  const series = bucketClientClasses(doc.clientClasses, { from, to, bucketMs: BUCKET_MS[range] });
  const span = historyCaption(series, { range, from, persistent: doc.persistent });
  if (series.points.length === 0 || series.classes.length === 0) {
    return (
      <div className="card empty-state" data-testid="range-empty">
        <h3>No requests recorded in the last {RANGE_WORDS[range]}</h3>
        <p data-testid="chart-span">The chart covers {span}.</p>
        <p className="muted">
          edgelens records requests per minute each time it samples Traefik&apos;s logs (this page, <code>/api/v1/logs</code>, or a Prometheus scrape of{' '}
          <code>/metrics</code>).{' '}
          {doc.persistent
            ? 'Nothing was sampled in this range.'
            : 'History is kept in memory since the server started; set EDGELENS_HISTORY_PATH to keep it across restarts.'}{' '}
          Choose “Latest” to see the span of the current sample.
        </p>
      </div>
    );
  }
  const bucket = bucketWords(series.bucketMs);
  return (
    <div className="card" data-range={range}>
      <RequestsByClassChart
        series={series.points}
        classes={series.classes}
        title={`Requests per ${bucket === '1-min' ? 'minute' : bucket.replace('-', ' ')}, by class of the client address`}
        coverage={{ span: series.gaps > 0 ? `${span} (${series.gaps} ${series.gaps === 1 ? 'bucket' : 'buckets'} with nothing recorded, left blank)` : span, bucket, withDay: range !== '1h' }}
      />
    </div>
  );
}
