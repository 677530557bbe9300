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
    const working = target3('a', [tcp(ADV)], [h3(true)]);
    const broken = target3('b', [tcp(ADV)], [h3(false)]);
    expect(overallH3Verdict([working, broken])).toMatchObject({ verdict: 'broken', message: 'HTTP/3 advertised but broken on 1 of 2 probed targets (b)' });
    expect(overallH3Verdict([working])).toMatchObject({ verdict: 'working', message: 'HTTP/3 advertised and working on the one probed target (a)' });
    expect(overallH3Verdict([working, { ...working, name: 'c' }])).toMatchObject({ message: 'HTTP/3 advertised and working on all 2 probed targets' });
    expect(overallH3Verdict([])).toMatchObject({ verdict: 'unknown', message: 'No probe targets' });
  });

  it('overall: a target whose TCP failed still counts, as the summary counts it (issue 13: "1 of 2" vs "2 of 3")', () => {
    const working = target3('lab-h3', [tcp(ADV)], [h3(true)]);
    const dropped = target3('lab-h3-udp-dropped', [tcp(ADV)], [h3(false)]);
    const closed = target3('lab-closed-port', [tcp(null, false)], [h3(false)]);
    const notProbed = { ...target3('lb-10-0-20-200', null, null), probe: false };
    expect(overallH3Verdict([working, dropped, closed, notProbed])).toMatchObject({
      verdict: 'broken',
      message: 'HTTP/3 advertised but broken on 1 of 3 probed targets (lab-h3-udp-dropped)',
    });
    // A target not run yet is pending, not part of "of N".
    expect(overallH3Verdict([working, target3('later', null, null)]).message).toBe('HTTP/3 advertised and working on the one probed target (lab-h3)');
  });
});

function target3(name: string, t: ProbeSample[] | null, q: ProbeSample[] | null) {
  const tcpReport = t ? report('tcp', t) : undefined;
  const h3Report = q ? report('h3', q) : undefined;
  return { name, source: 'lab' as const, probe: true, ...(tcpReport ? { tcp: tcpReport } : {}), ...(h3Report ? { h3: h3Report } : {}), altSvc: altSvcConsistency(tcpReport, h3Report) };
}
