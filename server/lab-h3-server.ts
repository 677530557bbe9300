// The lab's own HTTP/3 server, for machines without Caddy: TCP/TLS on a port (node:tls, answering
// with `alt-svc: h3=":PORT"`) and a real QUIC/HTTP-3 server on the same UDP port in a child
// process (server/lab-h3-server-entry.ts, bundled as dist/h3-lab-server.mjs). Loopback only.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCert } from '@/lab/cert';
import { edgelensHome } from '@/lab/paths';
import { freeTcpUdpPort } from '@/lab/ports';
import { startTlsPeer, type TlsPeer } from '@/lab/tls-peer';

export interface H3LabServer {
  host: '127.0.0.1';
  port: number;
  pid: number | null;
  stop(): Promise<void>;
}

/** node + the bundled entry when built, else node + tsx + the source (a checkout). */
function entryCommand(): { args: string[]; cwd: string } {
  const home = edgelensHome();
  const bundled = join(home, 'dist', 'h3-lab-server.mjs');
  if (existsSync(bundled)) return { args: [bundled], cwd: home };
  // A source path for checkouts only: not a build input (keeps Next's output tracing out of server/).
  return { args: ['--import', 'tsx', join(/*turbopackIgnore: true*/ home, 'server', 'lab-h3-server-entry.ts')], cwd: home };
}

function startQuic(cert: Pick<LabCert, 'certPath' | 'keyPath'>, port: number, timeoutMs: number): Promise<{ pid: number | null; stop(): Promise<void> }> {
  const { args, cwd } = entryCommand();
  const child = spawn(process.execPath, [...args, cert.certPath, cert.keyPath, String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the lab HTTP/3 server did not start within ${timeoutMs} ms: ${out.slice(-500)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (/PORT \d+/.test(out)) {
        clearTimeout(timer);
        resolve({ pid: child.pid ?? null, stop });
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      out = (out + c.toString('utf8')).slice(-5_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab HTTP/3 server exited (${code}) during startup: ${out.slice(-500)}`));
    });
  });
}

export async function startH3Server(cert: LabCert, opts: { startTimeoutMs?: number } = {}): Promise<H3LabServer> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeTcpUdpPort();
    const response = `HTTP/1.1 200 OK\r\nalt-svc: h3=":${port}"; ma=60\r\ncontent-type: text/plain\r\ncontent-length: 28\r\nconnection: close\r\n\r\nedgelens lab HTTP/3 server\r\n`;
    let tcp: TlsPeer | null = null;
    try {
      tcp = await startTlsPeer(cert, { alpn: ['http/1.1'], response, port });
      const quic = await startQuic(cert, port, opts.startTimeoutMs ?? 15_000);
      const t = tcp;
      return {
        host: '127.0.0.1',
        port,
        pid: quic.pid,
        stop: async () => {
          await quic.stop();
          await t.stop();
        },
      };
    } catch (err) {
      lastError = err;
      await tcp?.stop();
    }
  }
  throw new Error(`the lab HTTP/3 server did not start: ${lastError instanceof Error ? lastError.message : String(lastError)}`, { cause: lastError });
}
