// The server runtime on the real lab: a scenario switch made while a cluster read is in
// flight must never hand the old scenario's report to a caller that asks after the switch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from './runtime';

const saved = process.env.EDGELENS_MODE;
let rt: Runtime;

beforeAll(async () => {
  process.env.EDGELENS_MODE = 'lab';
  const { getRuntime } = await import('./runtime');
  rt = await getRuntime();
});
afterAll(async () => {
  await rt.close();
  if (saved === undefined) delete process.env.EDGELENS_MODE;
  else process.env.EDGELENS_MODE = saved;
});

const traefikIp = (r: Awaited<ReturnType<Runtime['getClusterReport']>>) =>
  r.loadBalancers.find((lb) => lb.services.some((s) => s.namespace === 'traefik' && s.name === 'traefik'))?.ip;

describe('runtime cluster cache', () => {
  it('serves the new scenario right after a switch, even with an older read still in flight', async () => {
    const lab = rt.source.lab;
    if (!lab) throw new Error('expected the lab runtime');
    lab.switchScenario('homelab-before');
    rt.invalidate();
    expect(traefikIp(await rt.getClusterReport())).toBe('10.0.20.200');

    rt.invalidate();
    const stale = rt.getClusterReport(); // a read of homelab-before is now in flight
    lab.switchScenario('homelab-after');
    rt.invalidate();
    const fresh = await rt.getClusterReport();
    expect(fresh.scenario).toBe('homelab-after');
    expect(traefikIp(fresh)).toBe('10.0.20.203');
    await stale;
    // The late, older read must not replace the newer report in the cache.
    expect(traefikIp(await rt.getClusterReport())).toBe('10.0.20.203');
    lab.switchScenario('homelab-before');
    rt.invalidate();
  });

  it('reuses one read for concurrent callers', async () => {
    rt.invalidate();
    const [a, b] = await Promise.all([rt.getClusterReport(), rt.getClusterReport()]);
    expect(a).toBe(b);
  });
});
