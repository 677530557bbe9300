// The HTTP/3 edge probe. Every probe runs in its own child process (runner-entry.ts): the QUIC
// library can throw uncaught exceptions from its UDP handler, and a probe must never take the
// server or CLI down. A child process, not a worker thread: a worker shares the process's heap
// limits and native addon state, and a native crash (abort, segfault) in a worker still kills the
// whole process; a child can only ever kill itself. The parent enforces the deadline: the runner
// answers within `timeoutMs` of its first QUIC Initial itself, and is killed at `timeoutMs + graceMs`
// after that Initial (or after a start-up limit if it never gets there) if it does not.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeSampleSchema, type ProbeSample } from '../../lib/model/probe';
import { RESULT_PREFIX, STARTED_LINE, type RunnerRequest } from './runner-protocol';

export interface H3Target {
  host: string;
  port: number;
  /** TLS server name; defaults to `host` unless it is an IP literal. */
  sni?: string;
  path?: string;
}

/** How to start the runner process. */
export interface H3Runner {
  command: string;
  args: string[];
  /** Working directory of the runner (a .ts runner resolves `--import tsx` from here). */
  cwd?: string;
  /** Extra environment for the runner (e.g. the EDGELENS_H3_FAULT test hook). */
  env?: Record<string, string>;
}

export interface H3ProbeOptions {
  timeoutMs: number;
  insecure?: boolean;
  signal?: AbortSignal;
  /** Trust anchors (PEM) instead of the default store. */
  ca?: string | string[];
  userAgent?: string;
  /** Extra time after the deadline before the runner is killed (default 500 ms). */
  graceMs?: number;
  /**
   * How long the runner may take to start and reach its first QUIC Initial (process start-up,
   * name resolution) before it is killed; default 15 s. The timeout itself starts after that.
   */
  startupLimitMs?: number;
  runner?: H3Runner;
}

/** Environment variable naming a runner file (.mjs bundle or .ts source) to use instead of the default. */
export const H3_RUNNER_ENV = 'EDGELENS_H3_RUNNER';
/** Caps the runner's heap: a QUIC library stuck in a loop must not eat the machine. */
const RUNNER_NODE_FLAGS = ['--max-old-space-size=256'];

/**
 * Where the runner lives: $EDGELENS_H3_RUNNER; else `runner-entry.ts` beside this file (source
 * checkout, vitest, tsx) run through tsx; else `h3-runner.mjs` beside this file (this module bundled
 * into dist/cli.mjs); else $EDGELENS_HOME/dist/h3-runner.mjs (e.g. the Next.js server bundle).
 */
export function defaultH3Runner(env: Readonly<Record<string, string | undefined>> = process.env): H3Runner {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    env[H3_RUNNER_ENV],
    join(here, 'runner-entry.ts'),
    join(here, 'h3-runner.mjs'),
    env.EDGELENS_HOME ? join(env.EDGELENS_HOME, 'dist', 'h3-runner.mjs') : undefined,
    join(process.cwd(), 'dist', 'h3-runner.mjs'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const file = candidates.find((p) => existsSync(p)) ?? join(here, 'runner-entry.ts');
  return runnerFor(file);
}

/** The runner command for a given entry file: plain node for .mjs/.js, node + tsx for .ts. */
export function runnerFor(file: string): H3Runner {
  if (/\.[cm]?ts$/.test(file)) {
    // `--import tsx` resolves from the child's cwd: start it beside the source file, inside the
    // package. (Resolving tsx here with createRequire would make Next.js try to bundle tsx.)
    return { command: process.execPath, args: [...RUNNER_NODE_FLAGS, '--import', 'tsx', file], cwd: dirname(file) };
  }
  return { command: process.execPath, args: [...RUNNER_NODE_FLAGS, file] };
}

// Runners alive now. The server ends them when it ends (SIGTERM → Next's process.exit → 'exit'),
// and each runner also exits when its parent is gone (runner.ts): no orphan keeps probing.
const liveRunners = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  liveRunners.add(child);
  child.once('close', () => liveRunners.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAllRunners);
}

/** Kills every runner still alive (synchronous: safe in an 'exit' handler). */
export function killAllRunners(): void {
  for (const c of liveRunners) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  liveRunners.clear();
}

/** How many runner processes are alive (tests, bench). */
export function liveRunnerCount(): number {
  return liveRunners.size;
}

export function probeH3(target: H3Target, opts: H3ProbeOptions): Promise<ProbeSample> {
  const at = new Date().toISOString();
  const started = performance.now();
  const graceMs = opts.graceMs ?? 500;
  const runner = opts.runner ?? defaultH3Runner();
  const request: RunnerRequest = {
    target: { host: target.host, port: target.port, sni: target.sni, path: target.path },
    timeoutMs: opts.timeoutMs,
    insecure: opts.insecure,
    ca: opts.ca === undefined ? undefined : Array.isArray(opts.ca) ? opts.ca : [opts.ca],
    userAgent: opts.userAgent,
  };
  const failed = (error: NonNullable<ProbeSample['error']>, detail: string): ProbeSample => ({
    ok: false,
    phase: 'quic',
    error,
    detail,
    handshakeMs: null,
    totalMs: Math.round((performance.now() - started) * 100) / 100,
    alpn: null,
    status: null,
    altSvc: null,
    at,
  });

  return new Promise<ProbeSample>((resolve) => {
    let result: ProbeSample | null = null;
    let settled = false;
    let stdout = '';
    let stderr = '';
    let killedFor: 'startup' | 'deadline' | 'abort' | 'cleanup' | null = null;
    const startupLimitMs = opts.startupLimitMs ?? 15_000;

    const child = spawn(runner.command, runner.args, {
      cwd: runner.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...runner.env },
    });
    track(child);
    const kill = (why: 'startup' | 'deadline' | 'abort' | 'cleanup') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    // Until the runner says it sent its first Initial, only the start-up limit runs; from then on
    // the probe's own timeout (plus grace). A 3 s probe means 3 s for QUIC, however slow the start.
    let deadlineTimer: NodeJS.Timeout = setTimeout(() => kill('startup'), startupLimitMs);
    let quicStarted = false;
    const onQuicStarted = () => {
      if (quicStarted) return;
      quicStarted = true;
      clearTimeout(deadlineTimer);
      deadlineTimer = setTimeout(() => kill('deadline'), opts.timeoutMs + graceMs);
    };
    let cleanupTimer: NodeJS.Timeout | undefined;
    const onAbort = () => kill('abort');
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (sample: ProbeSample) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadlineTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(sample);
    };

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (result) return;
      stdout += chunk;
      let line = '';
      for (;;) {
        const end = stdout.indexOf('\n');
        if (end < 0) {
          // An unfinished line: keep it for the next chunk, bounded (a result line is a few KB).
          if (stdout.length > 1_048_576) stdout = '';
          return;
        }
        line = stdout.slice(0, end);
        stdout = stdout.slice(end + 1);
        if (line === STARTED_LINE) onQuicStarted();
        else if (line.startsWith(RESULT_PREFIX)) break;
      }
      const parsed = probeSampleSchema.safeParse(safeJson(line.slice(RESULT_PREFIX.length)));
      result = parsed.success
        ? { ...parsed.data, at }
        : failed('protocol', `HTTP/3 runner sent an unreadable result: ${parsed.error.message.slice(0, 200)}`);
      // Answer now; the runner closes its QUIC connection and exits by itself (it may crash
      // while doing so — irrelevant now). Kill it if it lingers.
      clearTimeout(deadlineTimer);
      cleanupTimer = setTimeout(() => kill('cleanup'), 1_000);
      finish(result);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    child.stdin.on('error', () => {}); // a runner that died early closes its stdin
    child.stdin.end(JSON.stringify(request));

    child.once('error', (err) => {
      finish(failed('protocol', `cannot start the HTTP/3 runner (${runner.command}): ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(cleanupTimer);
      // A crash after the result (the known @matrixai/quic defect) does not change the result.
      if (result) return;
      if (killedFor === 'abort') finish(failed('timeout', 'aborted by caller'));
      else if (killedFor === 'startup') finish(failed('timeout', `HTTP/3 runner did not start the QUIC handshake within ${startupLimitMs} ms of being launched; killed`));
      else if (killedFor === 'deadline') finish(failed('timeout', `HTTP/3 runner gave no answer within ${opts.timeoutMs} ms (+${graceMs} ms grace); killed`));
      else {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const tail = lastLines(stderr);
        finish(failed('protocol', `HTTP/3 runner crashed (${how}) before answering${tail ? `: ${tail}` : ''}`));
      }
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(0, 500);
}
