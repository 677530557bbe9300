import { describe, expect, it } from 'vitest';
import type { ProbeKindStatus } from '@/lib/model';
import { describeSchedule, endpointOf, formatMs, formatPercentiles, formatRatio, kindStatusBadge, latencyRuns, latencySeries, latestOk, successSeries } from './edge-view';

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
});
