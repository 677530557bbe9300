// Lab mode only: starts the live loopback targets (lab/live-targets.ts) once, hands them to the
// probe scheduler as `source: 'lab'` targets, probes them right away (the first run shows real
// results even when scheduled runs are off), and stops them with the server — by the pids it
// started, also when the process exits without a clean close.
import { rmSync } from 'node:fs';
import { startLiveTargets, type LiveTargets } from './lab-live-targets';
import type { ProbeTargetSpec } from './probe-targets';

/** Per-sample budget of the working lab HTTP/3 target (see below). */
export const LAB_H3_TIMEOUT_MS = 10_000;

export const LAB_TARGET_REASON = 'lab target: a real server edgelens started on 127.0.0.1 — not your edge';

export interface LabTargets {
  /** The targets once started (empty before, or when they could not start). */
  targets(): ProbeTargetSpec[];
  /** Why some could not start. */
  problems(): string[];
  /** The child processes and folders started for the targets (what exit cleans up). */
  owned(): { pids: number[]; dirs: string[] };
  /** Resolves when start-up finished (successfully or not). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

function killAtExit(pids: readonly number[], dirs: readonly string[]): () => void {
  const kill = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', kill);
  // Without a handler a signal ends Node without 'exit': add one only where nobody else did.
  const onSignal = (sig: NodeJS.Signals) => () => {
    kill();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  const handlers: Array<[NodeJS.Signals, () => void]> = [];
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    if (process.listenerCount(sig) === 0) {
      const h = onSignal(sig);
      process.once(sig, h);
      handlers.push([sig, h]);
    }
  }
  return () => {
    process.off('exit', kill);
    for (const [sig, h] of handlers) process.off(sig, h);
  };
}

export function startLabTargets(opts: { onReady(names: string[]): void; log(message: string): void; start?: typeof startLiveTargets }): LabTargets {
  let live: LiveTargets | null = null;
  let specs: ProbeTargetSpec[] = [];
  let problems: string[] = [];
  let stopped = false;
  let unhook: () => void = () => undefined;
  const ready = (opts.start ?? startLiveTargets)()
    .then(async (l) => {
      if (stopped) {
        await l.stop();
        return;
      }
      live = l;
      unhook = killAtExit(l.pids, l.dirs);
      problems = l.problems;
      for (const p of l.problems) opts.log(`lab target not started: ${p}`);
      specs = l.targets.map((t) => ({
        name: t.name,
        host: t.host,
        port: t.port,
        sni: null,
        path: null,
        kinds: ['tcp', 'h3'],
        insecure: true, // self-signed lab certificate
        lb: null,
        source: 'lab',
        probe: true,
        // The working HTTP/3 target is there to show a success: on loopback a handshake takes
        // milliseconds, but each HTTP/3 sample starts a child process, which a loaded machine can
        // slow past the usual 3 s. A generous budget keeps it a success; the other two keep the
        // setting (the dropped one would otherwise wait that long for every sample).
        ...(t.role === 'h3-ok' ? { timeoutMs: LAB_H3_TIMEOUT_MS } : {}),
        reason: `${LAB_TARGET_REASON} (${t.server})`,
      }));
      opts.onReady(specs.map((s) => s.name));
    })
    .catch((err: unknown) => {
      problems = [err instanceof Error ? err.message : String(err)];
      opts.log(`lab targets not started: ${problems[0]}`);
    });
  return {
    targets: () => specs,
    problems: () => problems,
    owned: () => ({ pids: [...(live?.pids ?? [])], dirs: [...(live?.dirs ?? [])] }),
    ready,
    stop: async () => {
      stopped = true;
      specs = [];
      unhook();
      await live?.stop();
      live = null;
    },
  };
}
