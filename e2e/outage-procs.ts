// Processes the outage spec starts and stops by pid: the lab API server as its own process (so it
// can be killed, stopped and restarted like a real API server), and a second `next start` in kube
// mode reading it. Only loopback; only what this file started is ever signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeTcpPort } from '../lab/ports';

export const HOME = fileURLToPath(new URL('..', import.meta.url));

/** A free loopback TCP port (the one helper the lab's launchers use). */
export const freePort = (): Promise<number> => freeTcpPort();

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Proc {
  let out = '';
  const keep = (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawn failed');
  return {
    child,
    pid,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** `edgelens lab --port PORT`; resolves once it listens, with its kubeconfig text. */
export async function startLab(port: number): Promise<{ proc: Proc; kubeconfig: string }> {
  const child = spawn(process.execPath, [join(HOME, 'bin', 'edgelens.mjs'), 'lab', '--port', String(port)], { cwd: HOME, stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = track(child);
  let stdout = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  const deadline = Date.now() + 60_000;
  while (!/edgelens lab: scenario/.test(proc.output())) {
    if (child.exitCode !== null) throw new Error(`the lab exited: ${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`the lab did not start: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, kubeconfig: stdout };
}

/** `next start` on the existing build (playwright.config.ts' webServer built it). */
export async function startNext(port: number, env: Record<string, string>): Promise<Proc> {
  const nextBin = createRequire(join(HOME, 'package.json')).resolve('next/dist/bin/next');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: HOME,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', EDGELENS_HOME: HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited: ${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.status === 200) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every live descendant of `pid` (from /proc), with its command line. */
export function descendants(pid: number): Array<{ pid: number; cmd: string }> {
  const parentOf = new Map<number, number>();
  const cmdOf = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
      cmdOf.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // gone meanwhile
    }
  }
  const out: Array<{ pid: number; cmd: string }> = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push({ pid: child, cmd: cmdOf.get(child) ?? '' });
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 250): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return { value: v, ms: Date.now() - started };
    } catch (err) {
      last = err;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
