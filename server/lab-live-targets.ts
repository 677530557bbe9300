// Real loopback targets for the lab's Edge page (lab mode only), so a first run shows real
// handshakes, real timeouts and real wording with nothing configured:
//   h3-ok        — an HTTP/3 server: Caddy when installed (TCP+UDP on one port, Alt-Svc h3), else
//                  server/lab-h3-server.ts (node:tls on TCP + a @matrixai/quic HTTP/3 child on UDP).
//   udp-dropped  — TCP/TLS answers with `alt-svc: h3` but UDP on that port swallows every datagram.
//   closed-port  — nothing listens on TCP or UDP: connection refused / ICMP port unreachable.
// Everything binds 127.0.0.1; nothing leaves loopback. stop() stops exactly what was started.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dgram from 'node:dgram';
import { findBinary } from '@/lab/binaries';
import { startCaddy } from '@/lab/caddy';
import { makeSelfSignedCert, type LabCert } from '@/lab/cert';
import { startH3Server } from './lab-h3-server';
import { freeTcpUdpPort } from '@/lab/ports';
import { startTlsPeer, type TlsPeer } from '@/lab/tls-peer';

export type LiveTargetRole = 'h3-ok' | 'udp-dropped' | 'closed-port';

export interface LiveTarget {
  role: LiveTargetRole;
  /** Stable target name shown on the Edge page. */
  name: string;
  host: '127.0.0.1';
  port: number;
  /** What serves it, in words ("Caddy 2 (HTTP/3)"). */
  server: string;
}

export interface LiveTargets {
  targets: LiveTarget[];
  /** Child process ids started for the targets (killed at exit even if stop() never runs). */
  pids: number[];
  /** Temporary folders they use (removed at exit even if stop() never runs). */
  dirs: string[];
  /** Why a target could not be started, if one could not (the others still run). */
  problems: string[];
  stop(): Promise<void>;
}

export const LIVE_TARGET_NAMES: Record<LiveTargetRole, string> = {
  'h3-ok': 'lab-h3',
  'udp-dropped': 'lab-h3-udp-dropped',
  'closed-port': 'lab-closed-port',
};

/** A TLS server that advertises h3 on its own port while a UDP socket on that port drops everything. */
async function startAdvertisingBlackhole(cert: LabCert): Promise<{ port: number; stop(): Promise<void> }> {
  let lastError: unknown = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeTcpUdpPort();
    const response = `HTTP/1.1 200 OK\r\nalt-svc: h3=":${port}"; ma=60\r\ncontent-type: text/plain\r\ncontent-length: 40\r\nconnection: close\r\n\r\nedgelens lab: h3 advertised, UDP dropped`;
    let peer: TlsPeer | null = null;
    try {
      peer = await startTlsPeer(cert, { alpn: ['http/1.1'], response, port });
      const hole = dgram.createSocket('udp4');
      hole.on('message', () => undefined); // read and drop: no reply, no ICMP
      await new Promise<void>((resolve, reject) => {
        hole.once('error', reject);
        hole.bind(port, '127.0.0.1', () => resolve());
      });
      const p = peer;
      return {
        port,
        stop: async () => {
          await new Promise<void>((done) => hole.close(() => done()));
          await p.stop();
        },
      };
    } catch (err) {
      lastError = err;
      await peer?.stop();
    }
  }
  throw new Error(`could not bind the advertised-but-dropped target: ${lastError instanceof Error ? lastError.message : String(lastError)}`, { cause: lastError });
}

const DIR_PREFIX = 'edgelens-live-';

/**
 * Removes the folders of earlier servers that were killed outright (SIGKILL leaves no exit hook
 * running): each folder names its owner in `owner.pid`; a folder whose owner is gone is removed.
 */
export function sweepStaleDirs(root = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(root).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = join(root, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8').trim());
    } catch {
      continue; // not ours to judge (no owner file yet, or not readable)
    }
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid) continue;
    try {
      process.kill(owner, 0);
      continue; // its server still runs
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') continue;
    }
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

export async function startLiveTargets(opts: { preferCaddy?: boolean } = {}): Promise<LiveTargets> {
  const stops: Array<() => Promise<void>> = [];
  const pids: number[] = [];
  const dirs: string[] = [];
  const targets: LiveTarget[] = [];
  const problems: string[] = [];
  sweepStaleDirs();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), `${process.pid}\n`);
  dirs.push(dir);
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const cert = await makeSelfSignedCert(dir);
    const target = (role: LiveTargetRole, port: number, server: string) => targets.push({ role, name: LIVE_TARGET_NAMES[role], host: '127.0.0.1', port, server });

    // 1. The HTTP/3 server.
    const useCaddy = (opts.preferCaddy ?? true) && findBinary('caddy') !== null;
    try {
      if (useCaddy) {
        const caddy = await startCaddy({ parentDir: dir });
        stops.push(() => caddy.stop());
        if (caddy.pid !== null) pids.push(caddy.pid);
        target('h3-ok', caddy.port, 'Caddy (HTTP/1.1, h2, HTTP/3)');
      } else {
        const h3 = await startH3Server(cert);
        stops.push(() => h3.stop());
        if (h3.pid !== null) pids.push(h3.pid);
        target('h3-ok', h3.port, 'edgelens in-process HTTP/3 server (@matrixai/quic)');
      }
    } catch (err) {
      problems.push(`HTTP/3 lab server: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }

    // 2. Advertised, UDP dropped.
    try {
      const hole = await startAdvertisingBlackhole(cert);
      stops.push(() => hole.stop());
      target('udp-dropped', hole.port, 'node:tls advertising h3; UDP black hole');
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }

    // 3. A port nobody listens on (free on TCP and UDP a moment ago; the lab never binds it).
    target('closed-port', await freeTcpUdpPort(), 'nothing listens');
  } catch (err) {
    await stop();
    throw err;
  }
  return { targets, pids, dirs, problems, stop };
}
