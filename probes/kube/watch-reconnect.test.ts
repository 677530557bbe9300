// A watch whose API server goes away: the failure is reported (onError), and when a server answers
// on the same address again the watch relists, says so (onConnected) and reports the change it may
// have missed (onChange) — against the real lab API server, stopped and started again.
import { afterEach, describe, expect, it } from 'vitest';
import { startLabServer, type LabServer } from '../../lab/server';
import { labKubeConfig } from './kubeconfig';
import { watchChanges } from './watch-changes';

let lab: LabServer | null = null;
afterEach(async () => {
  await lab?.close();
  lab = null;
});

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what}: not seen`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watchChanges across an API server outage', () => {
  it('reports the loss, then reconnects with a relist and a change notification', async () => {
    lab = await startLabServer({ port: 0 });
    const port = Number(new URL(lab.url).port);
    const kc = labKubeConfig(lab.url);
    const events: string[] = [];
    const abort = new AbortController();
    const done = watchChanges(kc, {
      kinds: ['Service'],
      signal: abort.signal,
      debounceMs: 20,
      maxBackoffMs: 500,
      listTimeoutMs: 2_000,
      onChange: () => events.push('change'),
      onError: () => events.push('error'),
      onConnected: () => events.push('connected'),
    });
    try {
      await until('first connect', () => events.includes('connected'));
      await lab.close();
      lab = null;
      await until('error after the server went away', () => events.includes('error'));
      const before = events.length;
      lab = await startLabServer({ port });
      await until('reconnected', () => events.slice(before).includes('connected')).catch((e: unknown) => { throw new Error(`${String(e)} events=${events.join(',')}`); });
      await until('change after the relist', () => events.slice(before).includes('change'));
    } finally {
      abort.abort();
      await done;
    }
  });
});
