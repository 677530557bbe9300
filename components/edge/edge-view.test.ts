import { describe, expect, it } from 'vitest';
import type { ProbeKindStatus } from '@/lib/model';
import { describeSchedule, endpointOf, probeChartCaption, formatMs, formatPercentiles, formatRatio, kindStatusBadge, latencyRuns, latencySeries, latestOk, successSeries } from './edge-view';

const status = (over: Partial<ProbeKindStatus> = {}): ProbeKindStatus => ({
  kind: 'h3',
  target: '127.0.0.1:8443',
  sni: null,
  samples: 3,
  ok: 2,
  failed: 1,
  verdict: 'intermittent',
  p50Ms: 2.5,
  p95Ms: 9.75,
  results: [
    { ok: true, phase: 'done', error: null, handshakeMs: 2.5, totalMs: 4, alpn: 'h3', status: 200, altSvc: null },
    { ok: false, phase: 'quic', error: 'timeout', handshakeMs: null, totalMs: 3000, alpn: null, status: null, altSvc: null },
    { ok: true, phase: 'done', error: null, handshakeMs: 9.75, totalMs: 12, alpn: 'h3', status: 200, altSvc: 'h3=":8443"' },
  ],
  at: '2025-10-05T10:00:03.000Z',
  successRatio: 2 / 3,
  lastError: null,
  history: [
    { at: '2025-10-05T10:00:00.000Z', ok: true, handshakeMs: 2.5, totalMs: 4 },
    { at: '2025-10-05T10:00:01.000Z', ok: false, handshakeMs: null, totalMs: 3000 },
    { at: 'not a date', ok: true, handshakeMs: 1, totalMs: 1 },
  ],
  runs: [{ at: '2025-10-05T10:00:03.000Z', samples: 3, ok: 2, p50Ms: 2.5, p95Ms: 9.75 }],
  ...over,
});

describe('edge view helpers', () => {
  it('a status is a tone and a word, also before the first run and for listed-only targets', () => {
    expect(kindStatusBadge({ probe: true }, status())).toEqual({ tone: 'warning', word: 'Intermittent' });
    expect(kindStatusBadge({ probe: true }, status({ verdict: 'ok' }))).toEqual({ tone: 'ok', word: 'OK' });
    expect(kindStatusBadge({ probe: true }, status({ verdict: 'failing' }))).toEqual({ tone: 'error', word: 'Failing' });
    expect(kindStatusBadge({ probe: true }, undefined)).toEqual({ tone: 'unknown', word: 'Not run yet' });
    expect(kindStatusBadge({ probe: false }, undefined)).toEqual({ tone: 'unknown', word: 'Not probed' });
  });

  it('numbers read as text', () => {
    expect(formatMs(2.456)).toBe('2.5 ms');
    expect(formatMs(1234.5)).toBe('1235 ms');
    expect(formatMs(null)).toBe('—');
    expect(formatRatio(status())).toBe('2 of 3 ok (67%)');
    expect(describeSchedule(0)).toBe('on demand only');
    expect(describeSchedule(60_000)).toBe('every 1 min');
    expect(describeSchedule(15_000)).toBe('every 15 s');
    expect(endpointOf({ host: '::1', port: 443 })).toBe('[::1]:443');
  });

  it('no handshake percentiles over zero successes (a stored run may still carry them)', () => {
    expect(formatPercentiles(status())).toBe('2.5 ms / 9.8 ms');
    expect(formatPercentiles(status({ ok: 0, p50Ms: 3.1, p95Ms: 3.4 }))).toBe('no successful sample');
    expect(formatPercentiles(status({ ok: 0, p50Ms: null, p95Ms: null }))).toBe('no successful sample');
  });

  it('the newest successful sample gives ALPN and Alt-Svc', () => {
    expect(latestOk(status(), 'alpn')).toBe('h3');
    expect(latestOk(status(), 'altSvc')).toBe('h3=":8443"');
    expect(latestOk(undefined, 'alpn')).toBeNull();
  });

  it('latency chart: one point per run (median) with the min–max of its samples, not one spike per sample', () => {
    const s = status({
      history: [
        { at: '2025-10-05T10:00:00.000Z', ok: true, handshakeMs: 2, totalMs: 4 },
        { at: '2025-10-05T10:00:00.500Z', ok: true, handshakeMs: 10, totalMs: 12 },
        { at: '2025-10-05T10:00:01.000Z', ok: true, handshakeMs: 4, totalMs: 6 },
        { at: '2025-10-05T10:01:00.000Z', ok: false, handshakeMs: null, totalMs: 3000 },
      ],
      runs: [
        { at: '2025-10-05T10:00:01.000Z', samples: 3, ok: 3, p50Ms: 4, p95Ms: 10 },
        { at: '2025-10-05T10:01:00.000Z', samples: 1, ok: 0, p50Ms: null, p95Ms: null },
      ],
    });
    expect(latencyRuns(s)).toEqual([
      { t: Date.parse('2025-10-05T10:00:01.000Z'), ms: 4, range: [2, 10], samples: 3 },
      { t: Date.parse('2025-10-05T10:01:00.000Z'), ms: null, range: null, samples: 1 },
    ]);
  });

  it('chart series: failures are gaps in the latency line; bad timestamps are dropped; runs become percentages', () => {
    expect(latencySeries(status())).toEqual([
      { t: Date.parse('2025-10-05T10:00:00.000Z'), ms: 2.5 },
      { t: Date.parse('2025-10-05T10:00:01.000Z'), ms: null },
    ]);
    expect(successSeries(status())).toEqual([{ t: Date.parse('2025-10-05T10:00:03.000Z'), pct: 66.7 }]);
    expect(latencySeries(undefined)).toEqual([]);
  });

  it('over a range, the stored runs (or buckets of runs) carry their own min–max', () => {
    const s = status({
      history: [],
      runs: [
        { at: '2025-10-05T10:00:00.000Z', samples: 9, ok: 8, p50Ms: 4, p95Ms: 9, minMs: 2, maxMs: 11, runs: 3 },
        { at: '2025-10-05T10:15:00.000Z', samples: 3, ok: 0, p50Ms: null, p95Ms: null, minMs: null, maxMs: null, runs: 1 },
      ],
    });
    expect(latencyRuns(s)).toEqual([
      { t: Date.parse('2025-10-05T10:00:00.000Z'), ms: 4, range: [2, 11], samples: 9 },
      { t: Date.parse('2025-10-05T10:15:00.000Z'), ms: null, range: null, samples: 3 },
    ]);
  });

  it('chart caption: the range, how many runs, the span, and where history starts when late', () => {
    const local = (h: number, m: number): string => new Date(2025, 9, 5, h, m).toISOString();
    const run = (at: string, runs?: number) => ({ at, samples: 3, ok: 3, p50Ms: 4, p95Ms: 5, minMs: 3, maxMs: 6, ...(runs ? { runs } : {}) });
    const t = (runs: ReturnType<typeof run>[]) => ({ kinds: ['tcp', 'h3'] as const, tcp: status({ kind: 'tcp', runs }), h3: status({ runs: runs.slice(1) }) });
    const from = Date.parse(local(10, 0));
    expect(probeChartCaption({ ...t([run(local(10, 1)), run(local(10, 30)), run(local(11, 0))]), kinds: ['tcp', 'h3'] }, '1h', { from })).toBe(
      'Last 1 h from history: 3 runs, 10:01–11:00',
    );
    expect(probeChartCaption({ ...t([run(local(10, 40)), run(local(11, 0))]), kinds: ['tcp'] }, '1h', { from })).toBe(
      'Last 1 h from history: 2 runs, 10:40–11:00; history starts 10:40',
    );
    // 5 Oct 2025 is a Sunday.
    expect(probeChartCaption({ ...t([run(local(10, 0), 15), run(local(10, 15), 14)]), kinds: ['tcp'] }, '24h', { from: from - 86_400_000 + 3_600_000 })).toMatch(
      /^Last 24 h from history: 29 runs in 2 points of 15 min, Sun 10:00–Sun 10:15; history starts Sun 10:00$/,
    );
    expect(probeChartCaption({ kinds: ['tcp'], tcp: status({ runs: [run(local(10, 2))] }) }, '1h', { from })).toBe('Last 1 h from history: 1 run, at 10:02');
    expect(probeChartCaption({ kinds: ['tcp'], tcp: status({ runs: [] }) }, '7d', { from })).toBe('Last 7 d: no run recorded in this range');
    expect(probeChartCaption({ kinds: ['tcp'], tcp: status() }, null, { from })).toMatch(/^Latest: the 1 run kept in memory, /);
  });
});
