// A bare TLS server (node:tls) with a chosen ALPN list, to exercise the TCP probe's `alpn` and
// `tls` classes: e.g. only `acme-tls/1` — no overlap with h2/http/1.1, so the handshake fails
// with a no_application_protocol alert. It answers HTTP/1.1 200 to anything that gets through.
import tls from 'node:tls';
import type { LabCert } from './cert';

export interface TlsPeer {
  host: '127.0.0.1';
  port: number;
  /** Handshake failures the server saw (e.g. ERR_SSL_NO_APPLICATION_PROTOCOL). */
  clientErrors(): string[];
  stop(): Promise<void>;
}

export const TLS_PEER_OK_RESPONSE = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok';

/** `response`: raw bytes sent after the first request bytes arrive (default a 200 OK); null = never answer. */
export function startTlsPeer(cert: Pick<LabCert, 'certPem' | 'keyPem'>, opts: { alpn?: string[]; response?: string | null; port?: number } = {}): Promise<TlsPeer> {
  const errors: string[] = [];
  const response = opts.response === undefined ? TLS_PEER_OK_RESPONSE : opts.response;
  const open = new Set<tls.TLSSocket>();
  const server = tls.createServer({ key: cert.keyPem, cert: cert.certPem, ALPNProtocols: opts.alpn }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => {});
    if (response !== null) socket.once('data', () => socket.end(response));
    else socket.resume(); // read and drop, so a client's close is noticed
  });
  server.on('tlsClientError', (err: Error & { code?: string }) => errors.push(err.code ?? err.message));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({
        host: '127.0.0.1',
        port: typeof addr === 'object' && addr !== null ? addr.port : 0,
        clientErrors: () => [...errors],
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
