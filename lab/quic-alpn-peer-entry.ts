// Child-process entry for lab/quic-alpn-peer.ts: a QUIC server (@matrixai/quic) whose only ALPN is
// the one given in argv (not h3). Runs in its own process because the library can throw
// uncaught errors from its socket handler; the parent just kills it when done.
import { readFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { QUICServer } from '@matrixai/quic';
import Logger, { LogLevel } from '@matrixai/logger';

const [certPath, keyPath, alpn] = process.argv.slice(2);
if (!certPath || !keyPath || !alpn) {
  process.stderr.write('usage: quic-alpn-peer-entry CERT KEY ALPN\n');
  process.exit(2);
}
process.on('uncaughtException', (err) => {
  process.stderr.write(`quic peer: ${err.message}\n`);
  process.exit(1);
});

const toArrayBuffer = (b: Buffer): ArrayBuffer => {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
};
const key = toArrayBuffer(randomBytes(32));
const server = new QUICServer({
  crypto: {
    key,
    ops: {
      sign: async (k: ArrayBuffer, data: ArrayBuffer) => toArrayBuffer(createHmac('sha256', Buffer.from(k)).update(Buffer.from(data)).digest()),
      verify: async (k: ArrayBuffer, data: ArrayBuffer, sig: ArrayBuffer) =>
        createHmac('sha256', Buffer.from(k)).update(Buffer.from(data)).digest().equals(Buffer.from(sig)),
    },
  },
  logger: new Logger('quic-alpn-peer', LogLevel.SILENT),
  config: { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), applicationProtos: [alpn], verifyPeer: false },
});
await server.start({ host: '127.0.0.1', port: 0 });
process.stdout.write(`PORT ${server.port}\n`);
