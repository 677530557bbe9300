// H3Transport over @matrixai/quic (quiche). Only the runner process imports this file: the
// library can throw uncaught errors from its UDP handler (2.0.9: InvalidStreamState after an
// exchange) and must never run inside a server or CLI process.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { webcrypto } from 'node:crypto';
import { QUICClient, QUICConnection, QUICSocket, errors as quicErrors } from '@matrixai/quic';
import { CryptoError } from '@matrixai/quic/native/types.js';
import Logger, { LogLevel } from '@matrixai/logger';
import { QuicTransportError, type H3Transport, type QuicConnectOptions, type QuicConnection, type QuicFailureKind } from './transport';
import { loadTrustAnchors, verifyChainForIp } from './verify-ip-cert';

const NO_APPLICATION_PROTOCOL = 0x178; // TLS alert 120 as a QUIC CRYPTO_ERROR

/** QUICConnection → performance.now() when it first processed streams (= handshake complete). */
const handshakeCompletedAt = new WeakMap<object, number>();

/**
 * Contains the @matrixai/quic 2.0.9 defect behind its uncaught `InvalidStreamState`: when a peer
 * stream shows up while the connection is not "running" — in the window between handshake
 * completion and the end of start() (HTTP/3 servers open their control and QPACK streams right
 * away), or while stopping — QUICConnection.processStreams() rejects it by shutting down *both*
 * directions, and shutting the write side of a peer's unidirectional stream throws from the UDP
 * handler. Swallowing exactly that error inside processStreams is safe: the stream stays queued in
 * quiche and is picked up by the next processStreams() once the connection runs (or is dropped
 * with the connection). Anything else still throws, and the runner process contains it.
 */
function containPeerStreamRace(): void {
  const proto = QUICConnection.prototype as unknown as { processStreams: (this: object) => void; edgelensContained?: true };
  if (proto.edgelensContained) return;
  const original = proto.processStreams;
  proto.processStreams = function processStreamsContained(this: object): void {
    // The first call happens right after quiche reported the handshake complete (and any custom
    // certificate check passed): the moment ngtcp2 logs "QUIC handshake has completed". Noting it
    // here keeps the library's own bookkeeping after that point out of the handshake time.
    if (!handshakeCompletedAt.has(this)) handshakeCompletedAt.set(this, performance.now());
    try {
      original.call(this);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('InvalidStreamState')) return;
      throw err;
    }
  };
  proto.edgelensContained = true;
}
containPeerStreamRace();

/** A QUICSocket that notes when the first datagram leaves and counts the datagrams that arrive. */
class ObservedSocket extends QUICSocket {
  firstSentAt: number | null = null;
  firstReceivedAt: number | null = null;
  received = 0;

  override async start(...params: Parameters<QUICSocket['start']>): Promise<void> {
    await super.start(...params);
    // `socket` (the dgram socket) and `socketSend` (its promisified send) are protected in
    // QUICSocket, visible to a subclass: note the first datagram right where it leaves.
    this.socket.on('message', () => {
      this.received++;
      this.firstReceivedAt ??= performance.now();
    });
    const send = this.socketSend;
    this.socketSend = (...args: unknown[]) => {
      this.firstSentAt ??= performance.now();
      return send(...args);
    };
  }
}

export class MatrixQuicTransport implements H3Transport {
  async connect(opts: QuicConnectOptions, signal: AbortSignal): Promise<QuicConnection> {
    const logger = new Logger('edgelens-h3', LogLevel.SILENT);
    const address = isIP(opts.host) ? opts.host : await resolve(opts.host);
    const ipVersion = isIP(address);
    // Custom chain check only for IP targets without a name (see verify-ip-cert.ts); prepared
    // before the handshake so parsing the trust store is not counted as handshake time.
    const anchors = opts.verify && opts.serverName === undefined ? loadTrustAnchors(opts.ca) : null;

    const socket = new ObservedSocket({ logger: logger.getChild('socket') });
    await socket.start({ host: ipVersion === 6 ? '::' : '0.0.0.0', port: 0 });
    let client: QUICClient | null = null;
    let verifyDetail: string | null = null;
    const onAbort = () => {
      void socket.stop({ force: true }).catch(() => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const pending = QUICClient.createQUICClient(
        {
          host: address,
          port: opts.port,
          serverName: opts.serverName ?? address,
          socket,
          logger,
          crypto: { ops: { randomBytes: async (data: ArrayBuffer) => void webcrypto.getRandomValues(new Uint8Array(data)) } },
          config: {
            applicationProtos: opts.alpn,
            verifyPeer: opts.verify,
            ca: opts.ca && opts.ca.length > 0 ? opts.ca.join('\n') : undefined,
            verifyCallback: anchors
              ? async (certs: Uint8Array[]) => {
                  const problem = verifyChainForIp(certs, address, anchors, Date.now());
                  if (!problem) return undefined;
                  verifyDetail = problem.detail;
                  return problem.problem === 'name' ? CryptoError.BadCertificate : problem.problem === 'expired' ? CryptoError.CertificateExpired : CryptoError.UnknownCA;
                }
              : undefined,
            maxIdleTimeout: Math.max(1, Math.round(opts.timeoutMs)),
            // The probe opens one request stream and reads one control stream; keep windows small.
            initialMaxStreamsBidi: 0,
            initialMaxStreamsUni: 8,
          },
        },
        { timer: Math.max(1, Math.round(opts.timeoutMs)) },
      );
      client = await pending;
      const established = handshakeCompletedAt.get(client.connection) ?? performance.now();
      // From here the caller owns the connection and ends it with close().
      signal.removeEventListener('abort', onAbort);
      const connection = client.connection;
      const c = client;
      return {
        alpn: negotiatedAlpn(connection),
        peerCertificates: connection.getRemoteCertsChain(),
        timings: { firstPacketSentAt: socket.firstSentAt, firstPacketReceivedAt: socket.firstReceivedAt, establishedAt: established },
        openUniStream: () => connection.newStream('uni').writable,
        openBidiStream: () => {
          const stream = connection.newStream('bidi');
          return { readable: stream.readable, writable: stream.writable };
        },
        close: async () => {
          await c.destroy({ force: true }).catch(() => {});
          await socket.stop({ force: true }).catch(() => {});
        },
      };

      function negotiatedAlpn(conn: QUICClient['connection']): string | null {
        // quiche exposes the negotiated protocol on the native connection only.
        const native = (conn as unknown as { conn?: { applicationProto?: () => Uint8Array } }).conn;
        const proto = native?.applicationProto?.();
        return proto && proto.length > 0 ? Buffer.from(proto).toString('latin1') : opts.alpn.length === 1 ? (opts.alpn[0] ?? null) : null;
      }
    } catch (err) {
      signal.removeEventListener('abort', onAbort);
      await socket.stop({ force: true }).catch(() => {});
      if (signal.aborted) throw new QuicTransportError('timeout', 'QUIC handshake aborted', { cause: err, packetsReceived: socket.received });
      const failure = classify(err, socket.received);
      if (failure.kind === 'tls' && verifyDetail) {
        throw new QuicTransportError('tls', `certificate rejected: ${verifyDetail}`, { cause: err, packetsReceived: socket.received });
      }
      throw failure;
    }
  }
}

async function resolve(host: string): Promise<string> {
  try {
    return (await lookup(host, { verbatim: true })).address;
  } catch (err) {
    throw new QuicTransportError('unreachable', `cannot resolve ${host}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function classify(err: unknown, packetsReceived: number): QuicTransportError {
  const make = (kind: QuicFailureKind, message: string) => new QuicTransportError(kind, message, { cause: err, packetsReceived });
  if (err instanceof quicErrors.ErrorQUICClientCreateTimeout || err instanceof quicErrors.ErrorQUICConnectionStartTimeout || err instanceof quicErrors.ErrorQUICConnectionIdleTimeout) {
    return make('timeout', packetsReceived === 0 ? 'no answer to the QUIC Initial' : 'QUIC handshake started but did not complete');
  }
  if (err instanceof quicErrors.ErrorQUICConnectionPeerTLS) {
    const code = err.data.errorCode;
    if (code === NO_APPLICATION_PROTOCOL) return make('alpn', 'server does not speak h3 (TLS alert no_application_protocol)');
    return make('tls', `server aborted the TLS handshake (${alertName(code)})`);
  }
  if (err instanceof quicErrors.ErrorQUICConnectionLocalTLS) {
    return make('tls', `certificate rejected (${alertName(err.data.errorCode)})`);
  }
  if (err instanceof quicErrors.ErrorQUICConnectionPeer || err instanceof quicErrors.ErrorQUICConnectionLocal) {
    const data = (err as { data?: { errorCode?: number; isApp?: boolean } }).data;
    const code = data?.errorCode;
    if (code === NO_APPLICATION_PROTOCOL) return make('alpn', 'server does not speak h3 (TLS alert no_application_protocol)');
    if (code !== undefined && code >= 0x100 && code <= 0x1ff) return make('tls', `TLS handshake failed (${alertName(code)})`);
    return make('protocol', `QUIC connection closed during the handshake (${data?.isApp ? 'application' : 'transport'} error 0x${(code ?? 0).toString(16)})`);
  }
  const errno = findErrno(err);
  if (errno === 'ECONNREFUSED') return make('refused', 'ECONNREFUSED: nothing listens on the UDP port');
  if (errno && ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL'].includes(errno)) return make('unreachable', `${errno} on the UDP socket`);
  return make('protocol', `QUIC failure: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
}

function findErrno(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
      const code = (e as { code: string }).code;
      if (/^E[A-Z]+$/.test(code)) return code;
    }
    e = e instanceof Error ? e.cause : undefined;
  }
  return undefined;
}

function alertName(code: number): string {
  const name = (CryptoError as unknown as Record<number, string | undefined>)[code];
  return name ? `TLS alert ${name}` : `crypto error 0x${code.toString(16)}`;
}
