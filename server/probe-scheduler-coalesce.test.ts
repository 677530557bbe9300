// Bounded work in the scheduler, with stand-in probes (no packets): requests made during a run join
// it or the one follow-up run; an edge analyzer that throws is an error in the document, not "no findings".
import { describe, expect, it } from 'vitest';
import type { ProbeKind, ProbeSample } from '@/lib/model';
import type { ProbeFn } from './probe-plan';
import { ProbeScheduler } from './probe-scheduler';
import type { ProbeTargetSpec } from './probe-targets';

const target = (name: string, host: string): ProbeTargetSpec => ({ name, host, port: 8443, sni: null, path: null, kinds: ['tcp'], insecure: true, lb: null, source: 'config', probe: true });
const ok = (): ProbeSample => ({ ok: true, phase: 'done', error: null, handshakeMs: 1, totalMs: 2, alpn: 'h2', status: 200, altSvc: null });

function setup(extra: { analyze?: () => never; gated?: boolean } = {}) {
  const calls: string[] = [];
  let release: () => void = () => undefined;
  let gate = new Promise<void>((r) => (release = r));
  const probe: ProbeFn = async (t) => {
    calls.push(t.host);
    if (extra.gated !== false) await gate;
    return ok();
  };
  const probes: Record<ProbeKind, ProbeFn> = { tcp: probe, h3: probe };
  const runs: number[] = [];
  const s = new ProbeScheduler({
    settings: { samples: 1, sampleIntervalMs: 0, timeoutMs: 1000, scheduleMs: 0, concurrency: 4, historySize: 10, probeDiscovered: false },
    loadTargets: async () => ({ targets: [target('a', '127.0.0.1'), target('b', '127.0.0.2')], error: null }),
    resolve: async (name) => ({ name, addresses: [], error: 'none', resolver: 'none' }),
    probes,
    log: () => undefined,
    onRun: (r) => runs.push(r.reports.length),
    ...(extra.analyze ? { analyze: extra.analyze } : {}),
  });
  return {
    s,
    calls,
    runs,
    open: () => {
      release();
      gate = new Promise<void>((r) => (release = r));
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('probe runs coalesce', () => {
  it('30 requests for everything while a run is in flight: one run', async () => {
    const t = setup();
    const first = t.s.run();
    await tick();
    const more = Array.from({ length: 30 }, () => t.s.run());
    t.open();
    await Promise.all([first, ...more]);
    expect(t.runs).toEqual([2]);
    expect(t.calls).toHaveLength(2);
  });

  it('a narrower request joins the run in flight; requests it does not cover share one follow-up run', async () => {
    const t = setup();
    const onlyA = t.s.run({ targets: ['a'] });
    await tick();
    const alsoA = t.s.run({ targets: ['a'] });
    const b1 = t.s.run({ targets: ['b'] });
    const b2 = t.s.run({ targets: ['b'] });
    const all = t.s.run();
    t.open();
    await onlyA;
    await tick();
    t.open();
    await Promise.all([alsoA, b1, b2, all]);
    // Run 1: a. Run 2: the union of what waited (b, and everything) = a and b.
    expect(t.runs).toEqual([1, 2]);
  });

  it('an edge analyzer that throws is analysisError in the document, never an empty all-clear', async () => {
    const t = setup({
      gated: false,
      analyze: () => {
        throw new Error('rule exploded');
      },
    });
    const doc = await t.s.run();
    expect(doc.findings).toEqual([]);
    expect(doc.analysisError).toMatch(/the edge analysis failed .*rule exploded/);
  });
});
