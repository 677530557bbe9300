// Free loopback ports for lab servers that need a port number before they start (Caddy's config
// names its port, and HTTP/3 needs the same number free on TCP and UDP).
import { createServer } from 'node:net';
import dgram from 'node:dgram';

/** A free TCP port at `host` right now (the caller binds it soon after). */
export function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function udpPortIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', () => resolve(false));
    sock.bind(port, host, () => sock.close(() => resolve(true)));
  });
}

/** A port free on both TCP and UDP at `host` right now (the caller binds it soon after). */
export async function freeTcpUdpPort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort(host);
    if (await udpPortIsFree(host, port)) return port;
  }
  throw new Error(`no port free on both TCP and UDP at ${host}`);
}

/**
 * A UDP port with nothing listening: datagrams to it draw ICMP port unreachable (on loopback the
 * sender's connected socket sees ECONNREFUSED).
 */
export async function closedUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, host, () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connect to host:port succeeds, or rejects after `timeoutMs`. */
export async function waitForTcp(host: string, port: number, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (!isAlive()) throw new Error(`process exited before ${host}:${port} accepted connections`);
    if (Date.now() > deadline) throw new Error(`${host}:${port} did not accept TCP connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
