// A real QUIC server on loopback that speaks only a non-h3 ALPN (default `hq-interop`): the H3
// probe must report `alpn`, and ngtcp2's client must fail too. Runs in a child process.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LabCert } from './cert';

export interface QuicAlpnPeer {
  host: '127.0.0.1';
  port: number;
  stop(): Promise<void>;
}

export function startQuicAlpnPeer(cert: Pick<LabCert, 'certPath' | 'keyPath'>, opts: { alpn?: string; startTimeoutMs?: number } = {}): Promise<QuicAlpnPeer> {
  const entry = fileURLToPath(new URL('./quic-alpn-peer-entry.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, entry, cert.certPath, cert.keyPath, opts.alpn ?? 'hq-interop'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`QUIC ALPN peer did not start: ${out}`));
    }, opts.startTimeoutMs ?? 10_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /PORT (\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ host: '127.0.0.1', port: Number(m[1]), stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`QUIC ALPN peer exited (${code}) during startup: ${out}`));
    });
  });
}
