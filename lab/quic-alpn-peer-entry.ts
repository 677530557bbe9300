// Child-process entry for lab/quic-alpn-peer.ts: a QUIC server (@matrixai/quic) whose only ALPN is
// the one given in argv (not h3). Runs in its own process because the library can throw
// uncaught errors from its socket handler; the parent just kills it when done.
import { labQuicServer } from './quic-server';

const [certPath, keyPath, alpn] = process.argv.slice(2);
if (!certPath || !keyPath || !alpn) {
  process.stderr.write('usage: quic-alpn-peer-entry CERT KEY ALPN\n');
  process.exit(2);
}
process.on('uncaughtException', (err) => {
  process.stderr.write(`quic peer: ${err.message}\n`);
  process.exit(1);
});

const server = labQuicServer({ name: 'quic-alpn-peer', certPath, keyPath, alpn: [alpn] });
await server.start({ host: '127.0.0.1', port: 0 });
process.stdout.write(`PORT ${server.port}\n`);
