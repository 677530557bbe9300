// H3Transport straight on quiche (the native binding shipped inside @matrixai/quic), with our own
// connected UDP socket and a small event loop. Why not the library's QUICClient: its JS layer
// throws uncaught InvalidStreamState from the UDP handler (2.0.9), and its per-packet machinery
// (locks, events, timers) costs a cold probe process a millisecond or two per packet, which shows
// in a loopback handshake time. This loop does per datagram: recv, read streams; then once per
// batch of datagrams: send, re-arm the timer. Runs only inside the isolated runner process.
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { randomFillSync } from 'node:crypto';
import { ReadableStream, WritableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import { native } from '@matrixai/quic';
import { CryptoError } from '@matrixai/quic/native/types.js';
import type { Connection as QuicheConnection, ConnectionError } from '@matrixai/quic/native/types.js';
import { QuicTransportError, type H3Transport, type QuicBidiStream, type QuicConnectOptions, type QuicConnection, type QuicFailureKind } from './transport';
import { loadTrustAnchors, verifyChainForIp } from './verify-ip-cert';

const quiche = native.quiche;
const NO_APPLICATION_PROTOCOL = 0x178; // TLS alert 120 as a QUIC CRYPTO_ERROR
const CRYPTO_ERROR_START = 0x100;
const CRYPTO_ERROR_END = 0x1ff;
const H3_NO_ERROR = 0x100;
const MAX_DATAGRAM = 1350;
const SEND_BUFFER = 1500;
const RECV_CHUNK = 16 * 1024;

/** Signature algorithms offered (BoringSSL names), as @matrixai/quic's default client config. */
const SIGALGS = [
  'rsa_pkcs1_sha256',
  'rsa_pkcs1_sha384',
  'rsa_pkcs1_sha512',
  'rsa_pss_rsae_sha256',
  'rsa_pss_rsae_sha384',
  'rsa_pss_rsae_sha512',
  'ecdsa_secp256r1_sha256',
  'ecdsa_secp384r1_sha384',
  'ecdsa_secp521r1_sha512',
  'ed25519',
].join(':');

export class QuicheTransport implements H3Transport {
  /** The connected UDP socket sees ICMP port-unreachable itself. */
  readonly detectsPortUnreachable = true;

  connect(opts: QuicConnectOptions, signal: AbortSignal): Promise<QuicConnection> {
    return new QuicheClient(opts, signal).connect();
  }
}

interface StreamState {
  pending: Uint8Array[];
  finPending: boolean;
  controller?: ReadableStreamDefaultController<Uint8Array>;
}

class QuicheClient {
  private socket: dgram.Socket;
  private conn: QuicheConnection | null = null;
  private local = { host: '', port: 0 };
  private readonly remote: { host: string; port: number };
  private timer: NodeJS.Timeout | undefined;
  private readonly sendBuf = Buffer.alloc(SEND_BUFFER);
  private readonly recvBuf = Buffer.alloc(RECV_CHUNK);
  private readonly streams = new Map<number, StreamState>();
  private nextBidi = 0;
  private nextUni = 2;
  private received = 0;
  private firstSentAt: number | null = null;
  private firstReceivedAt: number | null = null;
  private establishedAt: number | null = null;
  private settled = false;
  private flushScheduled = false;
  private closed = false;
  private resolveConnect: (c: QuicConnection) => void = () => {};
  private rejectConnect: (e: QuicTransportError) => void = () => {};
  private customVerify: ((certs: Uint8Array[]) => string | null) | null = null;
  private verifyFailure: string | null = null;

  constructor(
    private readonly opts: QuicConnectOptions,
    private readonly signal: AbortSignal,
  ) {
    this.remote = { host: opts.host, port: opts.port };
    this.socket = dgram.createSocket(isIPv6(opts.host) ? 'udp6' : 'udp4');
  }

  connect(): Promise<QuicConnection> {
    return new Promise<QuicConnection>((resolve, reject) => {
      this.resolveConnect = resolve;
      this.rejectConnect = reject;
      if (this.signal.aborted) {
        this.fail('timeout', 'QUIC handshake aborted');
        return;
      }
      this.signal.addEventListener('abort', this.onAbort, { once: true });
      this.socket.on('error', (err: NodeJS.ErrnoException) => this.onSocketError(err));
      this.socket.on('message', (msg: Buffer) => this.onDatagram(msg));
      // A connected socket: the kernel then reports ICMP errors (ECONNREFUSED) to us directly.
      this.socket.connect(this.opts.port, this.opts.host, () => {
        try {
          this.start();
        } catch (err) {
          this.fail('protocol', `cannot start QUIC: ${err instanceof Error ? err.message : String(err)}`, err);
        }
      });
    });
  }

  private start(): void {
    const addr = this.socket.address();
    this.local = { host: addr.address, port: addr.port };
    const { opts } = this;
    const custom = opts.verify && opts.serverName === undefined;
    if (custom) {
      // See verify-ip-cert.ts: quiche cannot match an IP SAN, so BoringSSL checks but may not fail
      // the handshake (verifyAllowFail) and we decide once the chain is in.
      const anchors = loadTrustAnchors(opts.ca);
      const ip = opts.host;
      this.customVerify = (certs) => verifyChainForIp(certs, ip, anchors, Date.now())?.detail ?? null;
    }
    const ca = opts.ca && opts.ca.length > 0 ? new TextEncoder().encode(opts.ca.join('\n')) : undefined;
    const config = quiche.Config.withBoringSslCtx(opts.verify, custom, ca, undefined, undefined, SIGALGS);
    config.grease(true);
    config.setMaxIdleTimeout(Math.max(1, Math.round(opts.timeoutMs)));
    config.setMaxRecvUdpPayloadSize(65_527);
    config.setMaxSendUdpPayloadSize(MAX_DATAGRAM);
    config.setInitialMaxData(4 * 1024 * 1024);
    config.setInitialMaxStreamDataBidiLocal(2 * 1024 * 1024);
    config.setInitialMaxStreamDataBidiRemote(0);
    config.setInitialMaxStreamDataUni(256 * 1024);
    config.setInitialMaxStreamsBidi(0);
    config.setInitialMaxStreamsUni(8); // control + QPACK encoder/decoder streams of the server
    config.setDisableActiveMigration(true);
    config.setApplicationProtos(opts.alpn);
    const scid = new Uint8Array(quiche.MAX_CONN_ID_LEN);
    randomFillSync(scid);
    this.conn = quiche.Connection.connect(opts.serverName ?? null, scid, this.local, this.remote, config);
    // The first Initial goes out through the same batched path as every later flush. Besides
    // consistency, this pays the first-use cost of setImmediate in a fresh process (~0.1 ms of
    // lazy compilation) here, before the Initial exists, instead of between the server's
    // handshake datagrams. The handshake clock still starts when quiche builds the Initial.
    this.scheduleFlush();
  }

  private readonly onAbort = () => this.fail('timeout', 'QUIC handshake aborted');

  private onSocketError(err: NodeJS.ErrnoException): void {
    const code = err.code ?? '';
    if (code === 'ECONNREFUSED') this.fail('refused', 'ECONNREFUSED: nothing listens on the UDP port (ICMP port unreachable)', err);
    else if (['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'].includes(code)) this.fail('unreachable', `${code} on the UDP socket`, err);
    else this.fail('protocol', `UDP socket error: ${err.message}`, err);
  }

  private onDatagram(msg: Buffer): void {
    const conn = this.conn;
    if (!conn || this.closed) return;
    this.received++;
    this.firstReceivedAt ??= performance.now();
    try {
      conn.recv(msg, { from: this.remote, to: this.local });
    } catch {
      // quiche has recorded a local error (e.g. TLS failure) and closes; handled below.
    }
    if (!this.settled && this.verifyFailure === null && conn.isEstablished()) this.onEstablished(conn);
    if (this.settled) this.readStreams(conn);
    this.scheduleFlush();
  }

  /**
   * Answers a batch of datagrams once. libuv reads every datagram already queued on the socket in
   * one poll phase and hands each to its own 'message' event; the server's handshake flight is
   * two or more back-to-back datagrams. Flushing after each one put our ACK (send syscalls, timer
   * re-arm: ~0.3 ms in a cold process) between them, inside the measured handshake, while the
   * rest of the flight already sat in the socket buffer. setImmediate runs in the check phase
   * right after that poll phase — the same loop turn — so nothing waits for a later event.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private onEstablished(conn: QuicheConnection): void {
    const at = performance.now();
    if (this.customVerify) {
      const problem = this.customVerify(conn.peerCertChain() ?? []);
      if (problem) {
        this.verifyFailure = problem;
        conn.close(false, CryptoError.BadCertificate, Buffer.alloc(0));
        return; // flush() sends the close and reports the failure
      }
    }
    this.establishedAt = at;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.resolveConnect(this.connection(conn));
  }

  /** Sends everything quiche has queued, re-arms the timer, and notices a closed connection. */
  private flush(): void {
    const conn = this.conn;
    if (!conn || this.closed) return;
    this.writePending(conn);
    for (;;) {
      let out: ReturnType<QuicheConnection['send']>;
      try {
        out = conn.send(this.sendBuf);
      } catch {
        break;
      }
      if (out === null) break;
      this.firstSentAt ??= performance.now();
      // Copy: the buffer is reused for the next packet while this one is still queued.
      this.socket.send(Buffer.from(this.sendBuf.subarray(0, out[0])));
    }
    clearTimeout(this.timer);
    // Closed, draining (the peer sent CONNECTION_CLOSE) or closing after a local error (TLS
    // failure): the outcome is known now; waiting out the drain period would only add delay.
    if (conn.isClosed() || conn.isDraining() || conn.localError() !== null || this.verifyFailure !== null) {
      this.onClosed(conn);
      return;
    }
    const timeout = conn.timeout();
    if (timeout !== null) {
      this.timer = setTimeout(() => {
        conn.onTimeout();
        this.flush();
      }, timeout + 1);
    }
  }

  private onClosed(conn: QuicheConnection): void {
    const failure = this.closeReason(conn);
    for (const s of this.streams.values()) {
      try {
        s.controller?.error(new QuicTransportError(failure.kind, failure.message));
      } catch {
        // already closed
      }
    }
    this.fail(failure.kind, failure.message);
  }

  private closeReason(conn: QuicheConnection): { kind: QuicFailureKind; message: string } {
    if (this.verifyFailure) return { kind: 'tls', message: `certificate rejected: ${this.verifyFailure}` };
    if (conn.isTimedOut()) {
      return this.received === 0
        ? { kind: 'timeout', message: 'no answer to the QUIC Initial' }
        : { kind: 'timeout', message: this.settled ? 'QUIC connection went idle' : 'QUIC handshake started but did not complete' };
    }
    const peer = conn.peerError();
    if (peer) return classifyConnectionError(peer, 'peer');
    const local = conn.localError();
    if (local) return classifyConnectionError(local, 'local');
    return { kind: 'protocol', message: 'QUIC connection closed' };
  }

  private readStreams(conn: QuicheConnection): void {
    for (const id of conn.readable()) {
      const state = this.streams.get(id);
      for (;;) {
        let res: [number, boolean] | null;
        try {
          res = conn.streamRecv(id, this.recvBuf);
        } catch (err) {
          state?.controller?.error(new QuicTransportError('protocol', `stream ${id} reset by the server (${err instanceof Error ? err.message : String(err)})`));
          break;
        }
        if (res === null) break;
        const [len, fin] = res;
        // Server-initiated streams (control, QPACK) are read and dropped: the probe needs none of it.
        if (state?.controller && len > 0) state.controller.enqueue(Uint8Array.from(this.recvBuf.subarray(0, len)));
        if (fin) {
          try {
            state?.controller?.close();
          } catch {
            // already closed
          }
          break;
        }
      }
    }
  }

  private writePending(conn: QuicheConnection): void {
    for (const [id, s] of this.streams) {
      while (s.pending.length > 0) {
        const chunk = s.pending[0] ?? new Uint8Array(0);
        const last = s.pending.length === 1 && s.finPending;
        let written: number | null;
        try {
          written = conn.streamSend(id, chunk, last);
        } catch {
          s.pending = [];
          break;
        }
        if (written === null) break; // no capacity yet; retried on the next flush
        if (written < chunk.length) {
          s.pending[0] = chunk.subarray(written);
          break;
        }
        s.pending.shift();
        if (last) s.finPending = false;
      }
      if (s.pending.length === 0 && s.finPending) {
        try {
          if (conn.streamSend(id, new Uint8Array(0), true) !== null) s.finPending = false;
        } catch {
          s.finPending = false;
        }
      }
    }
  }

  private writable(id: number): WritableStream<Uint8Array> {
    const state: StreamState = this.streams.get(id) ?? { pending: [], finPending: false };
    this.streams.set(id, state);
    return new WritableStream<Uint8Array>({
      write: (chunk) => {
        state.pending.push(Uint8Array.from(chunk));
        this.flush();
      },
      close: () => {
        state.finPending = true;
        this.flush();
      },
    });
  }

  private connection(conn: QuicheConnection): QuicConnection {
    const alpn = Buffer.from(conn.applicationProto()).toString('latin1');
    return {
      alpn: alpn.length > 0 ? alpn : null,
      peerCertificates: conn.peerCertChain() ?? [],
      timings: { firstPacketSentAt: this.firstSentAt, firstPacketReceivedAt: this.firstReceivedAt, establishedAt: this.establishedAt ?? performance.now() },
      openUniStream: () => {
        const id = this.nextUni;
        this.nextUni += 4;
        return this.writable(id);
      },
      openBidiStream: (): QuicBidiStream => {
        const id = this.nextBidi;
        this.nextBidi += 4;
        const writable = this.writable(id);
        const state = this.streams.get(id);
        const readable = new ReadableStream<Uint8Array>({
          start: (controller) => {
            if (state) state.controller = controller;
          },
          cancel: () => {
            try {
              conn.streamShutdown(id, quiche.Shutdown.Read, H3_NO_ERROR);
            } catch {
              // stream already finished
            }
          },
        });
        return { readable, writable };
      },
      close: async () => {
        if (this.closed) return;
        try {
          conn.close(true, H3_NO_ERROR, Buffer.alloc(0));
        } catch {
          // already closing
        }
        this.flush();
        this.shutdown();
      },
    };
  }

  private fail(kind: QuicFailureKind, message: string, cause?: unknown): void {
    if (!this.settled) {
      this.settled = true;
      this.rejectConnect(new QuicTransportError(kind, message, { cause, packetsReceived: this.received }));
    }
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}

function classifyConnectionError(e: ConnectionError, side: 'peer' | 'local'): { kind: QuicFailureKind; message: string } {
  const code = e.errorCode;
  if (!e.isApp && code === NO_APPLICATION_PROTOCOL) return { kind: 'alpn', message: 'server does not speak h3 (TLS alert no_application_protocol)' };
  if (!e.isApp && code >= CRYPTO_ERROR_START && code <= CRYPTO_ERROR_END) {
    const alert = (CryptoError as unknown as Record<number, string | undefined>)[code] ?? `0x${code.toString(16)}`;
    return side === 'peer'
      ? { kind: 'tls', message: `server aborted the TLS handshake (TLS alert ${alert})` }
      : { kind: 'tls', message: `certificate rejected (TLS alert ${alert})` };
  }
  const reason = e.reason.length > 0 ? `: ${Buffer.from(e.reason).toString('utf8').slice(0, 200)}` : '';
  return { kind: 'protocol', message: `${side === 'peer' ? 'server' : 'client'} closed the QUIC connection (${e.isApp ? 'application' : 'transport'} error 0x${code.toString(16)}${reason})` };
}
