// "Every failing probe target has a finding" (issue 13): whatever the mix of TCP and HTTP/3
// results, each target that probeTotals (the count the Overview and the Edge page show) calls
// failing — or intermittent, over TCP or HTTP/3 — is the subject of at least one edge finding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProbeError, ProbeSample } from '../model/probe';
import { probeTotals } from '../model/probe-totals';
import { analyzeEdge, type EdgeTargetObservation } from './edge';
import { summarizeProbe } from './probe-summary';

const ERRORS: ProbeError[] = ['timeout', 'refused', 'unreachable', 'tls', 'alpn', 'protocol', 'http'];

const sample = (kind: 'tcp' | 'h3', ok: boolean, error: ProbeError, advertise: boolean): ProbeSample =>
  ok
    ? { ok: true, phase: 'done', error: null, handshakeMs: 2, totalMs: 3, alpn: kind === 'h3' ? 'h3' : 'h2', status: 200, altSvc: kind === 'tcp' && advertise ? 'h3=":443"; ma=86400' : null }
    : { ok: false, phase: kind === 'h3' ? 'quic' : 'connect', error, handshakeMs: null, totalMs: 5, alpn: null, status: null, altSvc: null };

const samples = fc.array(fc.record({ ok: fc.boolean(), error: fc.constantFrom(...ERRORS) }), { minLength: 1, maxLength: 5 });
const target = fc.record({ tcp: fc.option(samples, { nil: undefined }), h3: fc.option(samples, { nil: undefined }), advertise: fc.boolean() });

describe('every failing probe target has a finding', () => {
  it('holds for any mix of TCP and HTTP/3 results', () => {
    fc.assert(
      fc.property(fc.array(target, { minLength: 1, maxLength: 4 }), (specs) => {
        const observations: EdgeTargetObservation[] = specs.map((s, i) => {
          const endpoint = `10.0.20.${200 + i}:443`;
          const report = (kind: 'tcp' | 'h3', list: typeof s.tcp) =>
            list ? summarizeProbe({ kind, target: endpoint, sni: null, results: list.map((x) => sample(kind, x.ok, x.error, s.advertise)) }) : null;
          return { endpoint, tcp: report('tcp', s.tcp), h3: report('h3', s.h3) };
        });
        const totals = probeTotals(
          observations.map((o) => ({
            name: o.endpoint,
            source: 'config' as const,
            probe: true,
            ...(o.tcp ? { tcp: o.tcp } : {}),
            ...(o.h3 ? { h3: o.h3 } : {}),
          })),
        );
        const findings = analyzeEdge({ targets: observations });
        const covered = new Set(findings.flatMap((f) => f.subjects.filter((s) => s.kind === 'ProbeTarget').map((s) => s.name)));
        for (const name of [...totals.failing, ...totals.h3.intermittent, ...totals.tcp.intermittent]) expect(covered, `${name} has no finding`).toContain(name);
      }),
      { numRuns: 300 },
    );
  });
});
