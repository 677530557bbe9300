// Runs ngtcp2's reference HTTP/3 client (Debian `ngtcp2-client`) against a target: an independent
// QUIC + HTTP/3 implementation that the edgelens H3 probe must agree with (LAB.md).
//
// Its debug log prefixes transport lines with `I<8 digits>`: milliseconds since the connection
// object was created (just before the first Initial is sent). The application prints
// `QUIC handshake has completed` right after the packet that completed it, so the handshake time
// is the timestamp of the last `I…` line before that message.
import { spawn } from 'node:child_process';
import { requireBinary } from './binaries';

export interface GtlsclientOptions {
  host: string;
  port: number;
  path?: string;
  sni?: string;
  /** Idle/handshake timeout handed to gtlsclient; we also kill it at timeoutMs + 1 s. */
  timeoutMs: number;
}

export interface GtlsclientResult {
  /** Exit 0 and a `:status` in the log. */
  ok: boolean;
  status: number | null;
  alpn: string | null;
  /** From gtlsclient's own log (1 ms resolution), null when the handshake never completed. */
  handshakeMs: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The combined log (capped), for evidence and failure messages. */
  raw: string;
}

const MAX_LOG = 256 * 1024;

export function gtlsclientArgs(opts: GtlsclientOptions): string[] {
  const hostInUri = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const uri = `https://${opts.sni ?? hostInUri}:${opts.port}${opts.path ?? '/'}`;
  return [
    '--exit-on-all-streams-close',
    `--timeout=${Math.max(1, Math.round(opts.timeoutMs))}ms`,
    '--no-quic-dump',
    '--no-http-dump',
    ...(opts.sni ? [`--sni=${opts.sni}`] : []),
    opts.host,
    String(opts.port),
    uri,
  ];
}

/** Parses a gtlsclient log (exported for tests with recorded logs). */
export function parseGtlsclientLog(log: string): Pick<GtlsclientResult, 'status' | 'alpn' | 'handshakeMs'> {
  const status = /\[:status: (\d{3})\]/.exec(log);
  const alpn = /Negotiated ALPN is (\S+)/.exec(log);
  let handshakeMs: number | null = null;
  let lastTs: number | null = null;
  for (const line of log.split('\n')) {
    const ts = /^I(\d{8}) /.exec(line);
    if (ts?.[1]) lastTs = Number(ts[1]);
    else if (line.startsWith('QUIC handshake has completed')) {
      handshakeMs = lastTs;
      break;
    }
  }
  return { status: status?.[1] ? Number(status[1]) : null, alpn: alpn?.[1] ?? null, handshakeMs };
}

export function runGtlsclient(opts: GtlsclientOptions): Promise<GtlsclientResult> {
  const bin = requireBinary('gtlsclient');
  return new Promise((resolve) => {
    const child = spawn(bin, gtlsclientArgs(opts), { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (chunk: Buffer) => {
      if (log.length < MAX_LOG) log += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs + 1_000);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(killer);
      const parsed = parseGtlsclientLog(log);
      resolve({ ok: exitCode === 0 && parsed.status !== null, ...parsed, exitCode, signal, raw: log });
    };
    child.once('error', (err) => {
      log += `\nspawn error: ${err.message}`;
      finish(null, null);
    });
    child.once('close', finish);
  });
}
