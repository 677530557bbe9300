// The TCP edge probe: TCP connect → TLS (SNI, ALPN h2/http/1.1, certificate) → one HTTP request.
// It observes; it never throws for network trouble: every failure becomes a ProbeSample with an
// error class (CONTRACT.md) and the phase it happened in.
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import http2 from 'node:http2';
import type { ProbeSample } from '../../lib/model/probe';
import { classifyNetError, type ClassifiedError, type ProbePhase } from '../common/errors';
import { summarizeCertificate, type CertSummary } from '../common/cert';

export interface TcpTarget {
  host: string;
  port: number;
  /** TLS server name; defaults to `host` unless it is an IP literal (no SNI for IPs, like curl). */
  sni?: string;
  /** Request path, default `/`. */
  path?: string;
}

export interface TcpProbeOptions {
  timeoutMs: number;
  /** Skip certificate verification (the certificate is still reported). */
  insecure?: boolean;
  signal?: AbortSignal;
  /** Extra trust anchors (PEM) instead of the default CA store, e.g. a lab's self-signed cert. */
  ca?: string | string[];
  userAgent?: string;
  /** Stop reading the body after this many bytes (default 64 KiB); the probe needs the head only. */
  maxBodyBytes?: number;
}

export const OFFERED_ALPN = ['h2', 'http/1.1'] as const;
const DEFAULT_USER_AGENT = 'edgelens-probe/1';

interface HttpOutcome {
  status: number;
  altSvc: string | null;
  server: string | null;
  firstByteAt: number;
  endAt: number;
}

/** Raised inside the probe to carry a classified failure out of a step. */
class StepFailure extends Error {
  constructor(
    readonly classified: ClassifiedError,
    options?: { cause?: unknown },
  ) {
    super(classified.detail, options);
  }
}

export async function probeTcp(target: TcpTarget, opts: TcpProbeOptions): Promise<ProbeSample> {
  const at = new Date().toISOString();
  const t0 = performance.now();
  const since = (t: number) => round(t - t0);
  const path = target.path ?? '/';
  const servername = target.sni ?? (net.isIP(target.host) ? undefined : target.host);

  let phase: ProbePhase = 'connect';
  let connectMs: number | null = null;
  let handshakeMs: number | null = null;
  let alpn: string | null = null;
  let cert: CertSummary | null = null;
  const sockets: net.Socket[] = [];
  const held: { session: http2.ClientHttp2Session | null } = { session: null };

  // One abort path for the deadline and the caller's signal; each step listens to it.
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new StepFailure({ error: 'timeout', detail: `no ${describePhase(phase)} within ${opts.timeoutMs} ms` })), opts.timeoutMs);
  const onCallerAbort = () => ac.abort(new StepFailure({ error: 'timeout', detail: 'aborted by caller' }));
  if (opts.signal?.aborted) onCallerAbort();
  else opts.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const sample = (fields: Partial<ProbeSample>): ProbeSample => ({
    ok: false,
    phase,
    error: null,
    handshakeMs,
    totalMs: null,
    connectMs,
    firstByteMs: null,
    alpn,
    status: null,
    altSvc: null,
    server: null,
    at,
    cert,
    ...fields,
  });

  try {
    const raw = await step<net.Socket>(ac.signal, (resolve, reject) => {
      const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
      sockets.push(socket);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
    connectMs = since(performance.now());

    phase = 'tls';
    const secure = await step<tls.TLSSocket>(ac.signal, (resolve, reject) => {
      const socket = tls.connect({
        socket: raw,
        servername,
        ALPNProtocols: [...OFFERED_ALPN],
        // Verify ourselves after the handshake so a rejected certificate is still reported.
        rejectUnauthorized: false,
        ca: opts.ca,
      });
      sockets.push(socket);
      socket.once('secureConnect', () => resolve(socket));
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('connection closed during the TLS handshake')));
    });
    handshakeMs = since(performance.now());
    const peer = secure.getPeerX509Certificate();
    cert = peer ? summarizeCertificate(peer, Date.now()) : null;
    alpn = typeof secure.alpnProtocol === 'string' ? secure.alpnProtocol : null;
    if (!opts.insecure && !secure.authorized) {
      const reason = String(secure.authorizationError ?? 'certificate not trusted');
      throw new StepFailure({ error: 'tls', detail: `certificate rejected: ${reason}` });
    }
    if (alpn !== null && !(OFFERED_ALPN as readonly string[]).includes(alpn)) {
      throw new StepFailure({ error: 'alpn', detail: `server selected ALPN "${alpn}", which the probe did not offer` });
    }

    phase = 'http';
    const authority = servername ?? hostForUrl(target.host);
    const authorityWithPort = target.port === 443 ? authority : `${authority}:${target.port}`;
    const request = { path, authority: authorityWithPort, userAgent: opts.userAgent ?? DEFAULT_USER_AGENT, maxBodyBytes: opts.maxBodyBytes ?? 65_536 };
    const outcome =
      alpn === 'h2'
        ? await step<HttpOutcome>(ac.signal, (resolve, reject) => {
            const session = http2.connect(`https://${authorityWithPort}`, { createConnection: () => secure });
            held.session = session;
            session.once('error', reject);
            requestH2(session, request, resolve, reject);
          })
        : await step<HttpOutcome>(ac.signal, (resolve, reject) => requestH1(secure, request, resolve, reject));
    phase = 'done';
    return sample({
      ok: true,
      error: null,
      firstByteMs: since(outcome.firstByteAt),
      totalMs: since(outcome.endAt),
      status: outcome.status,
      altSvc: outcome.altSvc,
      server: outcome.server,
    });
  } catch (err) {
    let classified = err instanceof StepFailure ? err.classified : classifyNetError(err, phase);
    if (phase === 'tls' && answeredWithoutTls(err) && !ac.signal.aborted) {
      // The first bytes back were no TLS record. Ask the port once in plain HTTP, so the report
      // names what it observed instead of guessing a certificate problem.
      const statusLine = await plainHttpStatusLine(target, ac.signal);
      if (statusLine) {
        classified = { error: 'protocol', detail: `this port speaks plain HTTP, not TLS: the TLS handshake failed (${classified.detail.split(':')[0]}) and a plain HTTP request got "${statusLine}"` };
      }
    }
    return sample({ ok: false, error: classified.error, detail: classified.detail, totalMs: since(performance.now()) });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
    if (held.session) {
      held.session.on('error', () => {});
      held.session.destroy();
    }
    // Outermost first: destroying the raw TCP socket under a live TLS socket crashes Node 20
    // (segfault, seen here after a rejected certificate). Late errors must not go unhandled.
    for (const socket of [...sockets].reverse()) {
      socket.on('error', () => {});
      socket.destroy();
    }
  }
}

/** OpenSSL's words for "the peer's first bytes were not a TLS record" (e.g. an HTTP 400 page). */
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_RECORD_LAYER_FAILURE', 'ERR_SSL_UNKNOWN_PROTOCOL']);

function answeredWithoutTls(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  return typeof code === 'string' && NOT_TLS_CODES.has(code);
}

/**
 * One plain `HEAD /` on a fresh connection; the status line when the answer starts like HTTP/1.x,
 * else null. Bounded by the probe's own deadline (the shared signal) and 512 bytes.
 */
function plainHttpStatusLine(target: TcpTarget, signal: AbortSignal): Promise<string | null> {
  return new Promise((resolve) => {
    let head = '';
    const socket = net.connect({ host: target.host, port: target.port });
    const done = (line: string | null) => {
      signal.removeEventListener('abort', onAbort);
      socket.on('error', () => {});
      socket.destroy();
      resolve(line);
    };
    const onAbort = () => done(null);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => socket.write(`HEAD ${target.path ?? '/'} HTTP/1.1\r\nHost: ${target.sni ?? hostForUrl(target.host)}\r\nUser-Agent: ${DEFAULT_USER_AGENT}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n');
      if (end >= 0 || head.length >= 512) {
        const line = (end >= 0 ? head.slice(0, end) : head.slice(0, 512)).trim();
        done(/^HTTP\/\d(\.\d)? \d{3}\b/.test(line) ? line.slice(0, 120) : null);
      }
    });
    socket.once('end', () => done(null));
    socket.once('error', () => done(null));
  });
}

interface RequestSpec {
  path: string;
  authority: string;
  userAgent: string;
  maxBodyBytes: number;
}

function requestH1(socket: tls.TLSSocket, spec: RequestSpec, resolve: (o: HttpOutcome) => void, reject: (e: unknown) => void): void {
  const req = http.request({
    // No `agent`: with createConnection and agent undefined, Node uses our TLS socket as is
    // (agent: false would make a fresh Agent that dials its own connection).
    createConnection: () => socket,
    method: 'GET',
    path: spec.path,
    headers: { host: spec.authority, 'user-agent': spec.userAgent, accept: '*/*', connection: 'close' },
  });
  req.once('error', reject);
  req.once('response', (res) => {
    const firstByteAt = performance.now();
    const outcome = (): HttpOutcome => ({
      status: res.statusCode ?? 0,
      altSvc: joinHeader(res.headers['alt-svc']),
      server: joinHeader(res.headers.server),
      firstByteAt,
      endAt: performance.now(),
    });
    let bytes = 0;
    res.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes >= spec.maxBodyBytes) {
        resolve(outcome());
        res.destroy();
      }
    });
    res.once('end', () => resolve(outcome()));
    res.once('error', reject);
  });
  req.end();
}

function requestH2(
  session: http2.ClientHttp2Session,
  spec: RequestSpec,
  resolve: (o: HttpOutcome) => void,
  reject: (e: unknown) => void,
): void {
  const req = session.request({
    ':method': 'GET',
    ':path': spec.path,
    ':authority': spec.authority,
    ':scheme': 'https',
    'user-agent': spec.userAgent,
    accept: '*/*',
  });
  req.once('error', reject);
  req.once('response', (headers) => {
    const firstByteAt = performance.now();
    const status = Number(headers[':status']);
    const outcome = (): HttpOutcome => ({
      status,
      altSvc: joinHeader(headers['alt-svc']),
      server: joinHeader(headers.server),
      firstByteAt,
      endAt: performance.now(),
    });
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes >= spec.maxBodyBytes) {
        resolve(outcome());
        req.close();
      }
    });
    req.once('end', () => resolve(outcome()));
  });
  req.once('close', () => reject(new Error(`HTTP/2 stream closed without a response (code ${req.rstCode ?? 'none'})`)));
  req.end();
}

/**
 * Runs one step as a promise that also rejects when `signal` aborts. `reject` after `resolve`
 * is harmless (a settled promise ignores it), which keeps the event wiring simple.
 */
function step<T>(signal: AbortSignal, run: (resolve: (v: T) => void, reject: (e: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    run(
      (v) => {
        done();
        resolve(v);
      },
      (e) => {
        done();
        reject(e);
      },
    );
  });
}

function joinHeader(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

function describePhase(phase: ProbePhase): string {
  switch (phase) {
    case 'connect':
      return 'TCP connection';
    case 'tls':
      return 'TLS handshake';
    case 'http':
      return 'HTTP response';
    default:
      return 'answer';
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
