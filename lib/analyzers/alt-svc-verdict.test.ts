import { describe, expect, it } from 'vitest';
import type { ProbeSample } from '../model/probe';
import { altSvcConsistency, overallH3Verdict } from './alt-svc-verdict';
import { summarizeProbe } from './probe-summary';

const tcp = (altSvc: string | null, ok = true): ProbeSample =>
  ok
    ? { ok: true, phase: 'done', error: null, handshakeMs: 2, totalMs: 3, alpn: 'h2', status: 200, altSvc }
    : { ok: false, phase: 'connect', error: 'refused', handshakeMs: null, totalMs: 1, alpn: null, status: null, altSvc: null };
const h3 = (ok: boolean): ProbeSample =>
  ok
    ? { ok: true, phase: 'done', error: null, handshakeMs: 2, totalMs: 3, alpn: 'h3', status: 200, altSvc: null }
    : { ok: false, phase: 'quic', error: 'timeout', handshakeMs: null, totalMs: 3000, alpn: null, status: null, altSvc: null };
const report = (kind: 'tcp' | 'h3', results: ProbeSample[]) => summarizeProbe({ kind, target: '127.0.0.1:443', sni: null, results });

const ADV = 'h3=":443"; ma=86400';

describe('Alt-Svc consistency', () => {
  it('advertised and working / broken / intermittent / untested', () => {
    expect(altSvcConsistency(report('tcp', [tcp(ADV)]), report('h3', [h3(true)]))).toEqual({ verdict: 'working', advertised: ADV, message: 'HTTP/3 advertised and working' });
    expect(altSvcConsistency(report('tcp', [tcp(ADV)]), report('h3', [h3(false), h3(false)]))).toMatchObject({
      verdict: 'broken',
      message: 'HTTP/3 advertised but broken: 0 of 2 HTTP/3 requests succeeded',
    });
    expect(altSvcConsistency(report('tcp', [tcp(ADV)]), report('h3', [h3(true), h3(false)])).verdict).toBe('intermittent');
    expect(altSvcConsistency(report('tcp', [tcp(ADV)]), null).verdict).toBe('untested');
  });

  it('not advertised: says so, and that browsers will not use a working HTTP/3', () => {
    expect(altSvcConsistency(report('tcp', [tcp(null)]), report('h3', [h3(true)]))).toMatchObject({ verdict: 'not-advertised', message: /browsers will not use it/ });
    expect(altSvcConsistency(report('tcp', [tcp('h2=":443"')]), null).verdict).toBe('not-advertised');
  });

  it('unknown when TCP never answered or nothing ran', () => {
    expect(altSvcConsistency(report('tcp', [tcp(null, false)]), report('h3', [h3(false)])).verdict).toBe('unknown');
    expect(altSvcConsistency(null, null)).toMatchObject({ verdict: 'unknown', message: 'Not probed yet' });
  });

  it('overall: the worst target wins and is named', () => {
    const working = { name: 'a', altSvc: altSvcConsistency(report('tcp', [tcp(ADV)]), report('h3', [h3(true)])) };
    const broken = { name: 'b', altSvc: altSvcConsistency(report('tcp', [tcp(ADV)]), report('h3', [h3(false)])) };
    expect(overallH3Verdict([working, broken])).toMatchObject({ verdict: 'broken', message: 'HTTP/3 advertised but broken on 1 of 2 targets (b)' });
    expect(overallH3Verdict([working])).toMatchObject({ verdict: 'working', message: 'HTTP/3 advertised and working on the one target (a)' });
    expect(overallH3Verdict([working, { ...working, name: 'c' }])).toMatchObject({ message: 'HTTP/3 advertised and working on all 2 targets' });
    expect(overallH3Verdict([])).toMatchObject({ verdict: 'unknown', message: 'No probe targets' });
  });
});
