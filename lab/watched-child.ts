// A lab child process watched the same way everywhere: its last output kept for error messages,
// whether it has exited, and a stop that sends SIGTERM, then SIGKILL after a grace period, and
// resolves only once the process is gone (so a test never leaves one behind).
import type { ChildProcess } from 'node:child_process';

export interface WatchedChild {
  /** The last `keepChars` characters of stdout and stderr together, plus a spawn error if any. */
  output(): string;
  exited(): boolean;
  stop(graceMs?: number): Promise<void>;
}

export function watchChild(proc: ChildProcess, keepChars = 20_000): WatchedChild {
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-keepChars);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let exited = false;
  const exitedP = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      exited = true;
      resolve();
    });
    proc.once('error', (err) => {
      log += `\n${err.message}`;
      exited = true;
      resolve();
    });
  });
  return {
    output: () => log,
    exited: () => exited,
    stop: async (graceMs = 3_000) => {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exitedP;
      clearTimeout(timer);
    },
  };
}
