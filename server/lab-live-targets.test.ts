// The lab's live targets are real servers: the same probes the server runs see one HTTP/3
// success, one "advertised, UDP dropped" timeout and one refused port — with Caddy and with the
// in-process HTTP/3 server alike.
import { afterEach, describe, expect, it } from 'vitest';
import { probeH3 } from '@/probes/h3/probe-h3';
import { probeTcp } from '@/probes/tcp/probe-tcp';
import { findBinary } from '@/lab/binaries';
import { startLiveTargets, type LiveTargets } from './lab-live-targets';

let live: LiveTargets | null = null;
afterEach(async () => {
  await live?.stop();
  live = null;
});

async function probeAll(l: LiveTargets) {
  const out: Record<string, { tcp: Awaited<ReturnType<typeof probeTcp>>; h3: Awaited<ReturnType<typeof probeH3>> }> = {};
  for (const t of l.targets) {
    out[t.role] = {
      tcp: await probeTcp({ host: t.host, port: t.port }, { timeoutMs: 8_000, insecure: true }),
      h3: await probeH3({ host: t.host, port: t.port }, { timeoutMs: 8_000, insecure: true }),
    };
  }
  return out;
}

describe.each([
  { preferCaddy: true, server: 'Caddy' },
  { preferCaddy: false, server: 'in-process HTTP/3' },
])('lab live targets ($server)', ({ preferCaddy, server }) => {
  it('one HTTP/3 success, one advertised-but-dropped, one refused port, all on loopback', async () => {
    if (preferCaddy && findBinary('caddy') === null) throw new Error('caddy is not installed: bash scripts/install-system-deps.sh');
    live = await startLiveTargets({ preferCaddy });
    expect(live.problems).toEqual([]);
    expect(live.targets.map((t) => t.name)).toEqual(['lab-h3', 'lab-h3-udp-dropped', 'lab-closed-port']);
    expect(live.targets.every((t) => t.host === '127.0.0.1')).toBe(true);
    expect(live.targets[0]?.server).toContain(server === 'Caddy' ? 'Caddy' : 'in-process');
    expect(live.pids.length).toBe(1);

    const r = await probeAll(live);
    expect(r['h3-ok']?.h3).toMatchObject({ ok: true, alpn: 'h3', status: 200 });
    expect(r['h3-ok']?.tcp.altSvc).toMatch(/h3=":\d+"/);
    expect(r['udp-dropped']?.tcp).toMatchObject({ ok: true });
    expect(r['udp-dropped']?.tcp.altSvc).toMatch(/h3=":\d+"/);
    expect(r['udp-dropped']?.h3).toMatchObject({ ok: false, error: 'timeout' });
    expect(r['closed-port']?.tcp).toMatchObject({ ok: false, error: 'refused' });
    expect(r['closed-port']?.h3).toMatchObject({ ok: false, error: 'refused' });
  }, 120_000);
});

it('stop() ends the child process it started', async () => {
  live = await startLiveTargets({ preferCaddy: false });
  const [pid] = live.pids;
  expect(pid).toBeTypeOf('number');
  await live.stop();
  live = null;
  expect(() => process.kill(pid ?? -1, 0)).toThrow();
}, 120_000);

it('removes the folders of servers that died without cleaning up, and only those', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const { sweepStaleDirs } = await import('./lab-live-targets');
  const root = mkdtempSync(join(tmpdir(), 'edgelens-sweep-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 0; // a process that has exited
    const make = (name: string, owner: string | null) => {
      const d = join(root, name);
      mkdirSync(d);
      if (owner !== null) writeFileSync(join(d, 'owner.pid'), owner);
      return d;
    };
    const stale = make('edgelens-live-stale', String(dead));
    const running = make('edgelens-live-running', String(process.ppid));
    const unowned = make('edgelens-live-unowned', null);
    const other = make('something-else', String(dead));
    expect(sweepStaleDirs(root)).toEqual([stale]);
    expect([running, unowned, other].every((d) => existsSync(d))).toBe(true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
