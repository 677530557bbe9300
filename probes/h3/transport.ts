// The QUIC transport the HTTP/3 exchange runs on. Small on purpose so the library behind it
// (@matrixai/quic today) can be swapped without touching HTTP/3 framing or error classes.
import type { ReadableStream, WritableStream } from 'node:stream/web';

export type QuicFailureKind = 'timeout' | 'refused' | 'unreachable' | 'tls' | 'alpn' | 'protocol';

export class QuicTransportError extends Error {
  /** UDP datagrams received from the peer before the failure (0 = the Initial was never answered). */
  readonly packetsReceived: number | null;

  constructor(
    readonly kind: QuicFailureKind,
    message: string,
    options?: { cause?: unknown; packetsReceived?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.packetsReceived = options?.packetsReceived ?? null;
  }
}

export interface QuicConnectOptions {
  /** IP literal or DNS name. */
  host: string;
  port: number;
  /** TLS server name; undefined for an IP target without --sni (then the IP is checked against the SANs). */
  serverName: string | undefined;
  alpn: string[];
  /** Verify the server certificate (chain + name). */
  verify: boolean;
  /** Trust anchors (PEM certificates); default: the system / Node store. */
  ca?: string[];
  /** Give up on the handshake after this long. */
  timeoutMs: number;
}

export interface QuicBidiStream {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
}

export interface QuicTimings {
  /** performance.now() when the first Initial left, null if the transport cannot tell. */
  firstPacketSentAt: number | null;
  firstPacketReceivedAt: number | null;
  establishedAt: number;
}

export interface QuicConnection {
  /** Negotiated ALPN. */
  readonly alpn: string | null;
  /** Peer certificate chain, DER, leaf first. */
  readonly peerCertificates: Uint8Array[];
  readonly timings: QuicTimings;
  openUniStream(): WritableStream<Uint8Array>;
  openBidiStream(): QuicBidiStream;
  close(): Promise<void>;
}

export interface H3Transport {
  /**
   * True when connect() itself fails fast with `refused` on ICMP port unreachable (a connected
   * UDP socket). Otherwise the exchange runs its own watcher (udp-refusal.ts) alongside.
   */
  readonly detectsPortUnreachable?: boolean;
  /** Resolves once the handshake is complete; rejects with QuicTransportError. */
  connect(opts: QuicConnectOptions, signal: AbortSignal): Promise<QuicConnection>;
}
