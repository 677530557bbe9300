import { describe, it, expect } from 'vitest';
import { percentile, summarizeProbe, verdictOf, errorBreakdown } from './probe-summary';
import { probeReportSchema, type ProbeSample } from '../model/probe';

const ok = (handshakeMs: number): ProbeSample => ({ ok: true, phase: 'done', error: null, handshakeMs, totalMs: handshakeMs + 1, alpn: 'h3', status: 200, altSvc: null });
const fail = (error: ProbeSample['error'], detail = 'x'): ProbeSample => ({ ok: false, phase: 'quic', error, detail, handshakeMs: null, totalMs: 1500, alpn: null, status: null, altSvc: null });

describe('probe summary', () => {
  it('verdict: all ok, none ok, some of each', () => {
    expect(verdictOf(5, 5)).toBe('ok');
    expect(verdictOf(0, 5)).toBe('failing');
    expect(verdictOf(3, 5)).toBe('intermittent');
    expect(verdictOf(0, 0)).toBe('failing');
  });

  it('nearest-rank percentiles are observed values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it('builds a CONTRACT-shaped report with p50/p95 over the samples that have a handshake', () => {
    const report = summarizeProbe({ kind: 'h3', target: '10.0.20.200:443', sni: 'app.example.com', results: [ok(4), fail('timeout'), ok(2), ok(9), fail('timeout')] });
    expect(probeReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ samples: 5, ok: 3, failed: 2, verdict: 'intermittent', p50Ms: 4, p95Ms: 9 });
    expect(summarizeProbe({ kind: 'tcp', target: 'x:1', sni: null, results: [fail('refused')] })).toMatchObject({ verdict: 'failing', p50Ms: null, p95Ms: null });
  });

  it('no percentiles over zero successes, even when failed samples finished a handshake (certificate rejected)', () => {
    const rejected: ProbeSample = { ok: false, phase: 'tls', error: 'tls', detail: 'certificate rejected: SELF_SIGNED', handshakeMs: 3.2, totalMs: 3.4, alpn: 'h2', status: null, altSvc: null };
    expect(summarizeProbe({ kind: 'tcp', target: 'x:1', sni: null, results: [rejected, rejected] })).toMatchObject({ ok: 0, verdict: 'failing', p50Ms: null, p95Ms: null });
    // Mixed: only the successful handshakes count.
    expect(summarizeProbe({ kind: 'tcp', target: 'x:1', sni: null, results: [{ ...rejected, handshakeMs: 90 }, ok(2)] })).toMatchObject({ p50Ms: 2, p95Ms: 2 });
  });

  it('breaks failures down by class, most frequent first', () => {
    expect(errorBreakdown([fail('refused', 'a'), fail('timeout', 'b'), fail('timeout', 'c'), ok(1)])).toEqual([
      { error: 'timeout', count: 2, detail: 'b' },
      { error: 'refused', count: 1, detail: 'a' },
    ]);
  });
});
