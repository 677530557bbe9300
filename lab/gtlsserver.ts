// Starts ngtcp2's reference HTTP/3 server (Debian `ngtcp2-server`, LAB.md) on loopback: a second,
// independent QUIC + HTTP/3 implementation beside Caddy, so a probe that passes is not passing on
// one server's quirk. It serves the files of a temp htdocs folder (GET / → index.html).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary, requireBinary } from './binaries';
import type { LabCert } from './cert';
import { freeTcpUdpPort } from './ports';
import { watchChild } from './watched-child';

export interface RunningGtlsserver {
  host: '127.0.0.1';
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** Debian installs it in /usr/sbin, which a user's PATH may lack. */
function gtlsserverBinary(): string {
  return findBinary('gtlsserver') ?? (existsSync('/usr/sbin/gtlsserver') ? '/usr/sbin/gtlsserver' : requireBinary('gtlsserver'));
}

export async function startGtlsserver(cert: Pick<LabCert, 'certPath' | 'keyPath'>, opts: { startTimeoutMs?: number } = {}): Promise<RunningGtlsserver> {
  const bin = gtlsserverBinary();
  const dir = mkdtempSync(join(tmpdir(), 'edgelens-gtlsserver-'));
  writeFileSync(join(dir, 'index.html'), 'hello from gtlsserver\n');
  const port = await freeTcpUdpPort();
  const proc: ChildProcess = spawn(bin, ['-q', '-d', dir, '127.0.0.1', String(port), cert.keyPath, cert.certPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const child = watchChild(proc);
  const stop = async (): Promise<void> => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready = the kernel lists its UDP socket (it has no TCP side to connect to, and -q silences its
  // log). Reading /proc instead of trying to bind the port ourselves cannot steal it from the server.
  const deadline = Date.now() + (opts.startTimeoutMs ?? 10_000);
  while (!udpBound(port)) {
    if (child.exited() || Date.now() > deadline) {
      const why = child.exited() ? ' (it exited)' : '';
      await stop();
      throw new Error(`gtlsserver did not bind UDP 127.0.0.1:${port}${why}\n--- gtlsserver output ---\n${child.output().slice(-3_000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { host: '127.0.0.1', port, output: child.output, stop };
}

/** True when a UDP socket is bound to 127.0.0.1:port (Linux /proc/net/udp, addresses in hex). */
function udpBound(port: number): boolean {
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    return readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1] === wanted);
  } catch {
    return false;
  }
}
