// One HTTP/3 exchange on an H3Transport: QUIC handshake with ALPN h3 → client control stream with
// SETTINGS → GET on a bidi stream (static-only QPACK) → response HEADERS and DATA. Runs inside the
// isolated runner process. Returns a ProbeSample plus a cleanup step, so the runner can report the
// result *before* closing the connection (the close is where the QUIC library tends to crash).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { ProbeSample } from '../../lib/model/probe';
import { summarizeCertificate } from '../common/cert';
import { controlStreamPreamble, headerValue, requestFrames, ResponseParser, H3FrameError } from './frames';
import { QpackError } from './qpack';
import { HuffmanError } from './huffman';
import { QuicTransportError, type H3Transport, type QuicConnection } from './transport';
import { watchUdpRefusal } from './udp-refusal';

export interface H3ExchangeTarget {
  host: string;
  port: number;
  sni?: string;
  path?: string;
}

export interface H3ExchangeOptions {
  /**
   * The probe's timeout, counted from the start of the QUIC handshake (the first Initial is sent
   * right then); name resolution before it is not part of it.
   */
  timeoutMs: number;
  /** Called right before the first Initial is sent: the parent process starts its clock there. */
  onQuicStart?: () => void;
  insecure?: boolean;
  ca?: string[];
  userAgent?: string;
  /** Stop reading the body after this many bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Wall clock for the certificate's daysLeft (default Date.now). */
  nowMs?: () => number;
}

export interface H3ExchangeResult {
  sample: ProbeSample;
  /** Closes the QUIC connection; may be slow or (with buggy libraries) crash — call after reporting. */
  cleanup(): Promise<void>;
}

class ExchangeFailure extends Error {
  constructor(
    readonly error: NonNullable<ProbeSample['error']>,
    readonly phase: ProbeSample['phase'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_USER_AGENT = 'edgelens-probe/1';

export async function runH3Exchange(target: H3ExchangeTarget, opts: H3ExchangeOptions, transport: H3Transport): Promise<H3ExchangeResult> {
  const at = new Date().toISOString();
  const started = performance.now();
  const nowMs = opts.nowMs ?? Date.now;
  let t0 = started;
  const rel = (t: number) => Math.round((t - t0) * 100) / 100;
  const ac = new AbortController();
  let connection: QuicConnection | null = null;
  const base: ProbeSample = {
    ok: false,
    phase: 'quic',
    error: null,
    handshakeMs: null,
    totalMs: null,
    firstByteMs: null,
    alpn: null,
    status: null,
    altSvc: null,
    server: null,
    at,
    cert: null,
  };
  const cleanup = async () => {
    ac.abort();
    const c: QuicConnection | null = connection;
    if (c) await c.close();
  };

  let deadlineAt = Number.POSITIVE_INFINITY;
  const remaining = () => deadlineAt - performance.now();
  let deadlineTimer: NodeJS.Timeout | undefined;
  let armDeadline: () => void = () => {};
  const deadline = new Promise<never>((_, reject) => {
    armDeadline = () => {
      deadlineAt = performance.now() + opts.timeoutMs;
      deadlineTimer = setTimeout(
        () => reject(new ExchangeFailure('timeout', base.phase, base.phase === 'quic' ? 'QUIC handshake timed out' : 'no HTTP/3 response in time')),
        opts.timeoutMs,
      );
    };
  });
  deadline.catch(() => {});

  try {
    const address = isIP(target.host) ? target.host : await resolveAddress(target.host);
    const serverName = target.sni ?? (isIP(target.host) ? undefined : target.host);
    // The clock starts here, with the first Initial: "3 s" means 3 s for the network.
    armDeadline();
    opts.onQuicStart?.();

    // Handshake, raced against a fast "UDP port closed" signal. The transport gets a slightly
    // shorter budget than the deadline so its own timeout (which knows whether any packet came
    // back) normally wins; the deadline is the backstop.
    const refusal = transport.detectsPortUnreachable ? null : watchUdpRefusal(address, target.port);
    try {
      connection = await Promise.race([
        transport.connect(
          { host: address, port: target.port, serverName, alpn: ['h3'], verify: !opts.insecure, ca: opts.ca, timeoutMs: Math.max(1, remaining() - 25) },
          ac.signal,
        ),
        ...(refusal
          ? [
              refusal.result.then((r) => {
                throw new ExchangeFailure(r.kind, 'quic', r.detail);
              }),
            ]
          : []),
        deadline,
      ]);
    } catch (err) {
      ac.abort(); // stop a handshake that lost the race
      if (err instanceof QuicTransportError) {
        throw new ExchangeFailure(err.kind, 'quic', describeTransportFailure(err, `${Math.round(opts.timeoutMs)} ms`), { cause: err });
      }
      if (err instanceof ExchangeFailure && err.error === 'timeout') {
        throw new ExchangeFailure('timeout', 'quic', `no QUIC handshake within ${Math.round(opts.timeoutMs)} ms`, { cause: err });
      }
      throw err;
    } finally {
      refusal?.stop();
    }
    const conn: QuicConnection = connection;
    t0 = conn.timings.firstPacketSentAt ?? started;
    base.handshakeMs = rel(conn.timings.establishedAt);
    base.alpn = conn.alpn;
    const leaf = conn.peerCertificates[0];
    if (leaf) base.cert = summarizeCertificate(new X509Certificate(Buffer.from(leaf)), nowMs());
    if (conn.alpn !== 'h3') throw new ExchangeFailure('alpn', 'quic', `server negotiated ALPN ${conn.alpn ?? '(none)'} instead of h3`);

    base.phase = 'http';
    const authorityHost = serverName ?? (isIP(target.host) === 6 ? `[${target.host}]` : target.host);
    const authority = target.port === 443 ? authorityHost : `${authorityHost}:${target.port}`;
    const response = await Promise.race([exchange(conn, authority, target.path ?? '/', opts), deadline]);
    base.phase = 'done';
    return {
      sample: {
        ...base,
        ok: true,
        status: response.status,
        altSvc: response.altSvc,
        server: response.server,
        firstByteMs: rel(response.firstByteAt),
        totalMs: rel(response.endAt),
      },
      cleanup,
    };
  } catch (err) {
    const failure =
      err instanceof ExchangeFailure
        ? err
        : new ExchangeFailure('protocol', base.phase, `unexpected failure: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    return {
      sample: { ...base, ok: false, phase: failure.phase, error: failure.error, detail: failure.message, totalMs: rel(performance.now()) },
      cleanup,
    };
  } finally {
    clearTimeout(deadlineTimer);
  }
}

interface H3Response {
  status: number;
  altSvc: string | null;
  server: string | null;
  firstByteAt: number;
  endAt: number;
}

async function exchange(conn: QuicConnection, authority: string, path: string, opts: H3ExchangeOptions): Promise<H3Response> {
  const maxBody = opts.maxBodyBytes ?? 65_536;
  try {
    // The control stream stays open for the connection's lifetime (closing it is H3_CLOSED_CRITICAL_STREAM).
    const control = conn.openUniStream().getWriter();
    await control.write(controlStreamPreamble());
    control.releaseLock();

    const stream = conn.openBidiStream();
    const writer = stream.writable.getWriter();
    await writer.write(requestFrames({ method: 'GET', authority, path, userAgent: opts.userAgent ?? DEFAULT_USER_AGENT }));
    await writer.close();

    const reader = stream.readable.getReader();
    const parser = new ResponseParser();
    let firstByteAt: number | null = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      firstByteAt ??= performance.now();
      parser.push(value);
      if (parser.head && parser.bodyBytes >= maxBody) {
        void reader.cancel().catch(() => {});
        break;
      }
    }
    const endAt = performance.now();
    if (!parser.head) {
      throw new ExchangeFailure('http', 'http', firstByteAt === null ? 'request stream closed without a response' : 'response ended before its HEADERS frame was complete');
    }
    return {
      status: parser.head.status,
      altSvc: headerValue(parser.head.headers, 'alt-svc'),
      server: headerValue(parser.head.headers, 'server'),
      firstByteAt: firstByteAt ?? endAt,
      endAt,
    };
  } catch (err) {
    if (err instanceof ExchangeFailure) throw err;
    if (err instanceof H3FrameError || err instanceof QpackError || err instanceof HuffmanError) {
      throw new ExchangeFailure('protocol', 'http', `malformed HTTP/3 response: ${err.message}`, { cause: err });
    }
    throw new ExchangeFailure('protocol', 'http', `HTTP/3 stream failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function describeTransportFailure(err: QuicTransportError, within: string): string {
  if (err.kind === 'timeout') {
    return err.packetsReceived === 0
      ? `no answer to the QUIC Initial within ${within} (UDP dropped or filtered on the way?)`
      : `QUIC handshake started but did not complete within ${within}`;
  }
  return err.message;
}

async function resolveAddress(host: string): Promise<string> {
  try {
    return (await lookup(host, { verbatim: true })).address;
  } catch (err) {
    throw new ExchangeFailure('unreachable', 'quic', `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
