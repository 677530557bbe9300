import { describe, expect, it } from 'vitest';
import { NOW, loadLabScenario } from '@/lib/analyzers/__fixtures__/load';
import { ApiError } from './api-error';
import { whatIfReport, type WhatIfRuntime } from './what-if';

// Only what whatIfReport reads of the runtime: the cached snapshot and the lab scenario name.
function fakeRuntime(scenario: string): { snapshot: ReturnType<typeof loadLabScenario>; rt: WhatIfRuntime } {
  const snapshot = loadLabScenario(scenario);
  return { snapshot, rt: { getSnapshot: async () => snapshot, source: { lab: { scenario } } } };
}

describe('whatIfReport', () => {
  it('plans on the runtime snapshot and labels the report like the cached one', async () => {
    const { rt, snapshot } = fakeRuntime('homelab-before');
    const before = JSON.stringify(snapshot);
    const report = await whatIfReport(rt, ['traefik/traefik:etp=Local,ip=10.0.20.203'], NOW);
    expect(report.scenario).toBe('homelab-before');
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.whatIf?.resolved.map((f) => f.rule)).toEqual(['etp-cluster-snat', 'quic-etp-cluster-spread']);
    expect(JSON.stringify(snapshot)).toBe(before); // the runtime's cached snapshot is left as it was
  });

  it.each([['traefik/traefik:etp=Locl'], ['nope/nope:etp=Local'], ['']])('%j is a 400 invalid-what-if', async (value) => {
    const { rt } = fakeRuntime('homelab-before');
    const err = await whatIfReport(rt, [value], NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid-what-if' });
  });
});
