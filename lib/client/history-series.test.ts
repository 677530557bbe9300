// The Client IPs chart over a range: buckets sum the recorded minutes, a bucket with nothing
// recorded is a gap (not a zero that reads as an outage), the newest bucket is the one still
// filling, and the caption says what is covered and why history starts late.
import { describe, expect, it } from 'vitest';
import { BUCKET_MS, bucketClientClasses, bucketWords, historyCaption } from './history-series';

// Local times, as the page shows them.
const at = (h: number, m: number, day = 7): number => new Date(2026, 11, day, h, m).getTime();
const row = (ms: number, cls: string, requests: number) => ({ minute: new Date(ms).toISOString(), router: '*', class: cls, requests });

describe('bucketClientClasses', () => {
  it('1 h: one point per minute from the first recorded minute to now; a quiet minute is a gap', () => {
    const to = at(11, 0) + 20_000;
    const s = bucketClientClasses([row(at(10, 57), 'node', 40), row(at(10, 57), 'public', 3), row(at(10, 59), 'node', 5), row(at(11, 0), 'pod', 1)], {
      from: to - 3_600_000,
      to,
      bucketMs: BUCKET_MS['1h'],
    });
    expect(s.classes).toEqual(['node', 'pod', 'public']);
    expect(s.points).toEqual([
      { t: new Date(at(10, 57)).toISOString(), node: 40, pod: 0, public: 3 },
      { t: new Date(at(10, 58)).toISOString() },
      { t: new Date(at(10, 59)).toISOString(), node: 5, pod: 0, public: 0 },
      { t: new Date(at(11, 0)).toISOString(), node: 0, pod: 1, public: 0 },
    ]);
    expect(s.gaps).toBe(1);
    expect([s.first, s.last]).toEqual([at(10, 57), at(11, 0)]);
  });

  it('24 h: 15-minute buckets sum their minutes; the bucket holding now closes the series even when empty', () => {
    const to = at(11, 40);
    const s = bucketClientClasses([row(at(10, 50), 'node', 10), row(at(10, 59), 'node', 5), row(at(11, 0), 'node', 7)], { from: to - 86_400_000, to, bucketMs: BUCKET_MS['24h'] });
    expect(s.points.map((p) => [new Date(p.t).getMinutes(), p.node])).toEqual([
      [45, 15],
      [0, 7],
      [15, undefined],
      [30, undefined],
    ]);
    expect(s.points).toHaveLength(4);
  });

  it('rows the server already summed per bucket count in their bucket, even when it starts before the range', () => {
    const to = at(11, 40);
    const from = at(10, 7);
    const s = bucketClientClasses([row(at(10, 0), 'node', 30), row(at(11, 30), 'node', 4)], { from, to, bucketMs: BUCKET_MS['24h'] });
    expect(s.points.map((p) => p.node)).toEqual([30, undefined, undefined, undefined, undefined, undefined, 4]);
  });

  it('7 d stays light: a week of minutes is 168 hourly points at most', () => {
    const to = at(12, 0, 14);
    const rows = [];
    for (let t = to - 7 * 86_400_000; t <= to; t += 60_000) rows.push(row(t, 'public', 1));
    const s = bucketClientClasses(rows, { from: to - 7 * 86_400_000, to, bucketMs: BUCKET_MS['7d'] });
    expect(s.points.length).toBeLessThanOrEqual(169);
    expect(s.points[1]?.public).toBe(60);
  });

  it('leaves out rows outside the range, unknown classes and zeros; nothing recorded → no points', () => {
    const to = at(11, 0);
    const s = bucketClientClasses([row(at(9, 0), 'node', 9), row(at(10, 30), 'martian', 4), row(at(10, 31), 'node', 0)], { from: to - 3_600_000, to, bucketMs: 60_000 });
    expect(s).toEqual({ points: [], bucketMs: 60_000, classes: [], first: null, last: null, gaps: 0 });
  });
});

describe('historyCaption', () => {
  const from = at(10, 1);
  it('says the span and the bucket size when history covers the range', () => {
    expect(historyCaption({ first: at(10, 2), last: at(11, 1), bucketMs: 60_000 }, { range: '1h', from, persistent: true })).toBe('10:02–11:01 from history, in 1-min buckets');
  });

  it('says where history starts, and why, when it starts after the range does', () => {
    expect(historyCaption({ first: at(10, 40), last: at(11, 1), bucketMs: 60_000 }, { range: '1h', from, persistent: false })).toBe(
      '10:40–11:01 from history, in 1-min buckets: history starts 10:40 (in memory since the server started; set EDGELENS_HISTORY_PATH to keep it)',
    );
    expect(historyCaption({ first: at(10, 40), last: at(11, 1), bucketMs: 60_000 }, { range: '1h', from, persistent: true })).toBe(
      '10:40–11:01 from history, in 1-min buckets: history starts 10:40 (nothing recorded earlier in this range)',
    );
  });

  it('names the day over 24 h and 7 d (7 Dec 2026 is a Monday); says so when nothing is recorded', () => {
    expect(historyCaption({ first: at(10, 0), last: at(11, 0), bucketMs: BUCKET_MS['24h'] }, { range: '24h', from: at(10, 0) - 60_000, persistent: true })).toBe(
      'Mon 10:00–Mon 11:00 from history, in 15-min buckets',
    );
    expect(historyCaption({ first: null, last: null, bucketMs: 60_000 }, { range: '7d', from, persistent: true })).toBe('no history in this range (the last 7d)');
    expect(historyCaption({ first: at(10, 15), last: at(10, 15), bucketMs: BUCKET_MS['24h'] }, { range: '24h', from: at(10, 10), persistent: true })).toBe('Mon 10:15 from history, in 15-min buckets');
    expect(bucketWords(BUCKET_MS['7d'])).toBe('1-hour');
  });
});
