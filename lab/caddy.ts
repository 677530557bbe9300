// Starts a real Caddy on loopback (LAB.md): HTTPS with a self-signed certificate, HTTP/1.1, h2
// and (optionally) HTTP/3 on the same port number over TCP and UDP. With `h3: false` and
// `advertiseH3Header: true` it reproduces the classic edge bug: Alt-Svc promises h3, UDP is dead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from './binaries';
import { makeSelfSignedCert, type LabCert } from './cert';
import { freeTcpUdpPort, waitForTcp } from './ports';
import { watchChild } from './watched-child';

export interface CaddyOptions {
  /** Serve HTTP/3 on UDP (default true). */
  h3?: boolean;
  /** With h3 off, still send `Alt-Svc: h3=":PORT"` (default false; Caddy adds it itself when h3 is on). */
  advertiseH3Header?: boolean;
  /** Fixed port; default: a port free on both TCP and UDP. */
  port?: number;
  /** Startup limit (default 10 s). */
  startTimeoutMs?: number;
  /** Serve this certificate instead of a fresh self-signed CN=localhost one (e.g. makeSanOnlyCert). */
  cert?: LabCert;
  /** Where to create Caddy's temporary folder (default: the OS temp dir). */
  parentDir?: string;
}

export interface RunningCaddy {
  port: number;
  /** Caddy's process id (so a server can kill it at exit). */
  pid: number | null;
  host: '127.0.0.1';
  certPath: string;
  /** PEM of the self-signed certificate (trust it with a probe's `ca`). */
  certPem: string;
  /** Caddy's recent output, for test failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export function caddyfile(opts: { port: number; certPath: string; keyPath: string; h3: boolean; advertiseH3Header: boolean }): string {
  const protocols = opts.h3 ? 'h1 h2 h3' : 'h1 h2';
  const altSvc = !opts.h3 && opts.advertiseH3Header ? `\theader Alt-Svc "h3=\\":${opts.port}\\"; ma=2592000"\n` : '';
  // Caddyfile global options need one directive per line (no `servers { … }` on a single line).
  return [
    '{',
    '\tadmin off',
    '\tauto_https off',
    '\tservers {',
    `\t\tprotocols ${protocols}`,
    '\t}',
    '}',
    `https://127.0.0.1:${opts.port} {`,
    '\tbind 127.0.0.1',
    `\ttls ${opts.certPath} ${opts.keyPath}`,
    altSvc + '\trespond "hello {remote_host}" 200',
    '}',
    '',
  ].join('\n');
}

export async function startCaddy(opts: CaddyOptions = {}): Promise<RunningCaddy> {
  const caddy = requireBinary('caddy');
  const dir = mkdtempSync(join(opts.parentDir ?? tmpdir(), 'edgelens-caddy-'));
  try {
    const cert = opts.cert ?? (await makeSelfSignedCert(dir));
    const h3 = opts.h3 ?? true;
    const advertiseH3Header = opts.advertiseH3Header ?? false;
    // A free port can be taken between our check and Caddy's bind: retry with a new one.
    let lastError: unknown = null;
    for (let attempt = 0; attempt < (opts.port ? 1 : 3); attempt++) {
      const port = opts.port ?? (await freeTcpUdpPort());
      const config = join(dir, 'Caddyfile');
      writeFileSync(config, caddyfile({ port, certPath: cert.certPath, keyPath: cert.keyPath, h3, advertiseH3Header }));
      try {
        const proc = await launch(caddy, config, dir, port, opts.startTimeoutMs ?? 10_000);
        return {
          port,
          pid: proc.pid,
          host: '127.0.0.1',
          certPath: cert.certPath,
          certPem: cert.certPem,
          output: proc.output,
          stop: async () => {
            await proc.stop();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`Caddy did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}`, { cause: lastError });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

interface LaunchedCaddy {
  pid: number | null;
  output(): string;
  stop(): Promise<void>;
}

async function launch(caddy: string, config: string, dir: string, port: number, timeoutMs: number): Promise<LaunchedCaddy> {
  // HOME/XDG dirs in the temp dir: Caddy writes autosave and storage there, never to the user's home.
  const proc: ChildProcess = spawn(caddy, ['run', '--config', config, '--adapter', 'caddyfile'], {
    cwd: dir,
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = watchChild(proc);
  const stop = (): Promise<void> => child.stop();
  try {
    // Ready = TCP accepts and Caddy logged "server running" (logged after every listener, UDP included).
    await waitForTcp('127.0.0.1', port, timeoutMs, () => !child.exited());
    const deadline = Date.now() + timeoutMs;
    while (!child.output().includes('"server running"')) {
      if (child.exited()) throw new Error('caddy exited during startup');
      if (Date.now() > deadline) throw new Error('caddy did not log "server running"');
      await new Promise((r) => setTimeout(r, 20));
    }
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- caddy output ---\n${child.output().slice(-3_000)}`, { cause: err });
  }
  return { pid: proc.pid ?? null, output: child.output, stop };
}
