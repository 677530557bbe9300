// A @matrixai/quic server for the lab's own QUIC endpoints (the HTTP/3 lab target and the
// wrong-ALPN peer): its stateless-reset/retry tokens are signed with a per-process HMAC key, and
// it reads the lab certificate from disk. The callers add their own stream handling.
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { QUICServer } from '@matrixai/quic';
import Logger, { LogLevel } from '@matrixai/logger';

const toArrayBuffer = (b: Buffer): ArrayBuffer => {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
};

const hmac = (k: ArrayBuffer, data: ArrayBuffer): Buffer => createHmac('sha256', Buffer.from(k)).update(Buffer.from(data)).digest();

export interface LabQuicServerOptions {
  name: string;
  certPath: string;
  keyPath: string;
  /** The ALPN protocols offered (`['h3']` for the HTTP/3 target). */
  alpn: string[];
  /** Peer-initiated unidirectional streams allowed (HTTP/3 needs the client's control and QPACK streams). */
  initialMaxStreamsUni?: number;
}

export function labQuicServer(o: LabQuicServerOptions): QUICServer {
  return new QUICServer({
    crypto: {
      key: toArrayBuffer(randomBytes(32)),
      ops: {
        sign: async (k: ArrayBuffer, data: ArrayBuffer) => toArrayBuffer(hmac(k, data)),
        verify: async (k: ArrayBuffer, data: ArrayBuffer, sig: ArrayBuffer) => hmac(k, data).equals(Buffer.from(sig)),
      },
    },
    logger: new Logger(o.name, LogLevel.SILENT),
    config: {
      key: readFileSync(o.keyPath, 'utf8'),
      cert: readFileSync(o.certPath, 'utf8'),
      applicationProtos: o.alpn,
      verifyPeer: false,
      ...(o.initialMaxStreamsUni === undefined ? {} : { initialMaxStreamsUni: o.initialMaxStreamsUni }),
    },
  });
}
