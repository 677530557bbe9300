// Test helper: start scripts/proof/ingress-server.mjs (optionally inside a network
// namespace) and read what it logged. Processes are stopped by their own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const INGRESS_SCRIPT = fileURLToPath(new URL('./ingress-server.mjs', import.meta.url));

export interface IngressOptions {
  host: string;
  port: number;
  trusted: readonly string[];
  accessLog: string;
  events: string;
  /** Command prefix, e.g. ['ip', 'netns', 'exec', 'ns1']. */
  wrap?: readonly string[];
}

export interface IngressEvent {
  peer: string;
  trusted: boolean;
  header: string;
  client?: string;
}

export interface Ingress {
  port: number;
  accessLines(): Array<Record<string, unknown>>;
  accessText(): string;
  events(): IngressEvent[];
  stop(): Promise<void>;
}

export async function stopProcess(p: ChildProcess, graceMs = 3000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0) : [];
}

export async function startIngress(o: IngressOptions): Promise<Ingress> {
  const [cmd, ...args] = [...(o.wrap ?? []), process.execPath, INGRESS_SCRIPT];
  if (!cmd) throw new Error('no command');
  const config = { host: o.host, port: o.port, trusted: o.trusted, accessLog: o.accessLog, events: o.events };
  const child = spawn(cmd, args, { env: { ...process.env, EDGELENS_INGRESS: JSON.stringify(config) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ingress server did not start within 10s; stderr: ${err}`)), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening .*:(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ingress server exited (${code}) before listening; stderr: ${err}`));
    });
  });
  return {
    port,
    accessText: () => (existsSync(o.accessLog) ? readFileSync(o.accessLog, 'utf8') : ''),
    accessLines: () => readLines(o.accessLog).map((l) => JSON.parse(l) as Record<string, unknown>),
    events: () => readLines(o.events).map((l) => JSON.parse(l) as IngressEvent),
    stop: () => stopProcess(child),
  };
}
