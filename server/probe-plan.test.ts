import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { runProbePlan, sampleProbe, type ProbeFn, type PlanTarget } from './probe-plan';
import { probeReportSchema, type ProbeSample } from '../lib/model/probe';
import { startCaddy, type RunningCaddy } from '../lab/caddy';

function fakeProbe(outcomes: (i: number, host: string) => boolean) {
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const fn: ProbeFn = async (target) => {
    const i = counts.get(target.host) ?? 0;
    counts.set(target.host, i + 1);
    calls.push(`${target.host}#${i}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight--;
    const ok = outcomes(i, target.host);
    const s: ProbeSample = ok
      ? { ok: true, phase: 'done', error: null, handshakeMs: i + 1, totalMs: i + 2, alpn: 'h2', status: 200, altSvc: null }
      : { ok: false, phase: 'connect', error: 'refused', detail: 'ECONNREFUSED', handshakeMs: null, totalMs: 1, alpn: null, status: null, altSvc: null };
    return s;
  };
  return { fn, calls, maxInFlight: () => maxInFlight };
}

describe('sampleProbe', () => {
  it('takes N samples in order and summarises them', async () => {
    const fake = fakeProbe((i) => i !== 1);
    const report = await sampleProbe('tcp', { host: 'a', port: 443 }, { samples: 4, intervalMs: 1, timeoutMs: 100, probes: { tcp: fake.fn } });
    expect(probeReportSchema.parse(report)).toEqual(report);
    expect(fake.calls).toEqual(['a#0', 'a#1', 'a#2', 'a#3']);
    expect(report).toMatchObject({ kind: 'tcp', target: 'a:443', samples: 4, ok: 3, failed: 1, verdict: 'intermittent', p50Ms: 3, p95Ms: 4 });
    expect(fake.maxInFlight()).toBe(1);
  });

  it('rejects a nonsensical sample count', async () => {
    await expect(sampleProbe('tcp', { host: 'a', port: 1 }, { samples: 0, intervalMs: 0, timeoutMs: 1 })).rejects.toThrow(RangeError);
  });
});

describe('runProbePlan', () => {
  it('bounds concurrency across targets and keeps the input order', async () => {
    const fake = fakeProbe((_i, host) => host !== 'down');
    const targets: PlanTarget[] = ['a', 'b', 'down', 'c', 'd', 'e', 'f'].map((host) => ({ kind: 'tcp', host, port: 443 }));
    const reports = await runProbePlan(targets, { concurrency: 3, samples: 3, intervalMs: 0, timeoutMs: 100, probes: { tcp: fake.fn } });
    expect(reports.map((r) => r.target)).toEqual(targets.map((t) => `${t.host}:443`));
    expect(reports.map((r) => r.verdict)).toEqual(['ok', 'ok', 'failing', 'ok', 'ok', 'ok', 'ok']);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(3);
    expect(fake.calls).toHaveLength(21);
  });
});

describe('runProbePlan against a real Caddy', () => {
  let caddy: RunningCaddy;
  beforeAll(async () => {
    caddy = await startCaddy();
  });
  afterAll(async () => {
    await caddy?.stop();
  });

  it('TCP and HTTP/3 targets: ok verdicts with handshake percentiles', async () => {
    const reports = await runProbePlan(
      [
        { kind: 'tcp', host: caddy.host, port: caddy.port },
        { kind: 'h3', host: caddy.host, port: caddy.port, samples: 2 },
      ],
      { concurrency: 2, samples: 3, intervalMs: 10, timeoutMs: 5_000, ca: caddy.certPem },
    );
    expect(reports[0]).toMatchObject({ kind: 'tcp', samples: 3, ok: 3, verdict: 'ok' });
    expect(reports[1], JSON.stringify(reports[1]?.results.map((r) => r.detail))).toMatchObject({ kind: 'h3', samples: 2, ok: 2, verdict: 'ok' });
    expect(reports[1]?.p50Ms).not.toBeNull();
  });
});
