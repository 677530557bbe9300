// Lab mode's live targets through the real probe service: before any configuration, the
// probes document lists them as lab targets and, after their first run, shows a working HTTP/3
// handshake, an Alt-Svc promise whose UDP is dropped, and a refused port.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { ProbesResponse } from '@/lib/model';
import { startLabTargets, type LabTargets } from './lab-targets';
import { createProbeService } from './probe-service';
import type { ProbeScheduler } from './probe-scheduler';
import { loadServerConfig } from './config';

let lab: LabTargets | null = null;
let scheduler: ProbeScheduler | null = null;
afterEach(async () => {
  scheduler?.stop();
  await lab?.stop();
});

it('the first run shows one HTTP/3 success, one advertised-but-dropped and one refused port', async () => {
  const config = loadServerConfig({ EDGELENS_PROBE_INTERVAL: '0', EDGELENS_PROBE_SAMPLES: '1', EDGELENS_PROBE_TIMEOUT: '8000' });
  expect(config.labTargets).toBe(true);
  let firstRun: Promise<ProbesResponse> | null = null;
  const s = createProbeService({
    settings: config.probes,
    mode: 'lab',
    getClusterReport: () => Promise.reject(new Error('no cluster in this test')),
    labTargets: () => lab?.targets() ?? [],
  });
  scheduler = s;
  lab = startLabTargets({ onReady: (names) => (firstRun = s.run({ targets: names })), log: () => undefined });
  await lab.ready;
  expect(lab.problems()).toEqual([]);
  if (!firstRun) throw new Error('the lab targets did not trigger a run');
  const doc: ProbesResponse = await firstRun;

  const byName = new Map(doc.targets.map((t) => [t.name, t]));
  expect([...byName.keys()]).toEqual(['lab-h3', 'lab-h3-udp-dropped', 'lab-closed-port']);
  for (const t of doc.targets) {
    expect(t.source).toBe('lab');
    expect(t.host).toBe('127.0.0.1');
  }
  expect(byName.get('lab-h3')?.h3?.verdict).toBe('ok');
  expect(byName.get('lab-h3')?.altSvc.verdict).toBe('working');
  expect(byName.get('lab-h3-udp-dropped')?.altSvc.verdict).toBe('broken');
  expect(byName.get('lab-h3-udp-dropped')?.h3?.lastError?.error).toBe('timeout');
  expect(byName.get('lab-closed-port')?.tcp?.lastError?.error).toBe('refused');
  expect(doc.findings.map((f) => f.rule)).toContain('h3-advertised-but-broken');
}, 120_000);

it('EDGELENS_LAB_TARGETS=off turns them off', () => {
  expect(loadServerConfig({ EDGELENS_LAB_TARGETS: 'off' }).labTargets).toBe(false);
});

it('a server that exits without stop() still ends the processes it started and removes their folders', async () => {
  const entry = fileURLToPath(new URL('./__fixtures__/lab-targets-exit-entry.ts', import.meta.url));
  const out = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', entry], { cwd: fileURLToPath(new URL('..', import.meta.url)), timeout: 90_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
  const owned = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { pids: number[]; dirs: string[] };
  expect(owned.pids.length).toBe(1);
  expect(owned.dirs.length).toBeGreaterThan(0);
  // SIGTERM was sent at exit; give the child a moment to go.
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 50 && owned.pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  expect(owned.pids.filter(alive)).toEqual([]);
  expect(owned.dirs.filter((d) => existsSync(d))).toEqual([]);
}, 120_000);
