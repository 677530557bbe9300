import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../lib/model/kube';
import { loadScenario } from '../../lab/scenarios';
import { startLabServer } from '../../lab/server';
import { FIXTURES } from '../../lab/test-utils';
import { labKubeConfig } from './kubeconfig';
import { watchChanges } from './watch-changes';

/** Resolves once `count()` reaches `n`, polling; rejects after `ms`. */
async function waitFor(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchChanges against the lab', () => {
  it('stays quiet at start, then fires once for a burst of changes from a scenario switch', async () => {
    const lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
    const ac = new AbortController();
    let calls = 0;
    const done = watchChanges(labKubeConfig(lab.url), {
      kinds: ['Service', 'Event', 'ServiceL2Status', 'Pod'],
      onChange: () => calls++,
      signal: ac.signal,
      debounceMs: 150,
    });
    try {
      // The initial state is not a change.
      await settle(600);
      expect(calls).toBe(0);
      // Service, two Events, ServiceL2Status and two Pods change: one debounced call.
      lab.switchScenario('mini-after');
      await waitFor('onChange after switchScenario', () => calls >= 1);
      await settle(400);
      expect(calls).toBe(1);

      lab.setObjects(loadScenario('mini-after', FIXTURES).filter((o) => o.kind !== 'Service'));
      await waitFor('onChange after setObjects', () => calls >= 2);
    } finally {
      ac.abort();
      await done;
      await lab.close();
    }
  });

  it('ignores changes to kinds it does not watch', async () => {
    const lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
    const ac = new AbortController();
    let calls = 0;
    const done = watchChanges(labKubeConfig(lab.url), { kinds: ['Node'], onChange: () => calls++, signal: ac.signal, debounceMs: 50 });
    try {
      await settle(300);
      lab.switchScenario('mini-after');
      await settle(500);
      expect(calls).toBe(0);
    } finally {
      ac.abort();
      await done;
      await lab.close();
    }
  });

  it('reconnects after the API server goes away and relists when its resourceVersion expired', async () => {
    const first = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
    const port = first.port;
    const kc = labKubeConfig(first.url);
    const ac = new AbortController();
    let calls = 0;
    const errors: unknown[] = [];
    const done = watchChanges(kc, { kinds: ['Service'], onChange: () => calls++, signal: ac.signal, debounceMs: 50, onError: (_k, e) => errors.push(e) });
    let second: Awaited<ReturnType<typeof startLabServer>> | undefined;
    try {
      await settle(300);
      await first.close();
      await waitFor('a failed reconnect', () => errors.length > 0);
      // A restarted server whose history starts far beyond the old resourceVersion: the watch gets 410 and relists.
      const many: KubeObject[] = Array.from({ length: 200 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' } }));
      second = await startLabServer({ objects: [...loadScenario('mini-after', FIXTURES), ...many], port });
      await waitFor('onChange after reconnect', () => calls >= 1, 15_000);
    } finally {
      ac.abort();
      await done;
      await second?.close();
    }
  });

  it('resolves once the signal aborts, with watches closed', async () => {
    const lab = await startLabServer({ scenario: 'mini-before', scenarioDir: FIXTURES });
    const ac = new AbortController();
    const done = watchChanges(labKubeConfig(lab.url), { kinds: ['Service', 'Node'], onChange: () => undefined, signal: ac.signal });
    await settle(200);
    ac.abort();
    await expect(done).resolves.toBeUndefined();
    await lab.close();
  });
});
