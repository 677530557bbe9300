// Integration: the TCP probe against real servers on loopback (Caddy, node:tls peers, closed
// and silent ports). Each case asserts what a user would see in `edgelens probe tcp`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeTcp } from './probe-tcp';
import { probeSampleSchema } from '../../lib/model/probe';
import { startCaddy, type RunningCaddy } from '../../lab/caddy';
import { makeSelfSignedCert, type LabCert } from '../../lab/cert';
import { startTlsPeer } from '../../lab/tls-peer';
import { describeProbeFailure } from '../../lib/analyzers/probe-words';

const TIMEOUT_MS = 4_000;
let caddy: RunningCaddy;
let dir: string;
let cert: LabCert;

beforeAll(async () => {
  caddy = await startCaddy();
  dir = mkdtempSync(join(tmpdir(), 'edgelens-tcp-test-'));
  cert = await makeSelfSignedCert(dir);
});
afterAll(async () => {
  await caddy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function withServer<T>(onConnection: (s: net.Socket) => void, run: (port: number) => Promise<T>): Promise<T> {
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  try {
    return await run(typeof addr === 'object' && addr !== null ? addr.port : 0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('TCP probe', () => {
  it('Caddy: h2 negotiated, status, Alt-Svc, server, certificate and phase timings', async () => {
    const s = await probeTcp({ host: caddy.host, port: caddy.port, sni: 'localhost', path: '/healthz' }, { timeoutMs: TIMEOUT_MS, ca: caddy.certPem });
    expect(probeSampleSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({ ok: true, phase: 'done', error: null, alpn: 'h2', status: 200, server: 'Caddy', altSvc: `h3=":${caddy.port}"; ma=2592000` });
    expect(s.cert).toMatchObject({ subject: 'CN=localhost', sans: ['localhost', '127.0.0.1'] });
    expect(s.cert?.daysLeft).toBeGreaterThan(25);
    // Timings are cumulative from the start of the connection, in phase order.
    expect(s.connectMs).not.toBeNull();
    expect(s.handshakeMs ?? 0).toBeGreaterThanOrEqual(s.connectMs ?? 0);
    expect(s.firstByteMs ?? 0).toBeGreaterThanOrEqual(s.handshakeMs ?? 0);
    expect(s.totalMs ?? 0).toBeGreaterThanOrEqual(s.firstByteMs ?? 0);
  });

  it('HTTP/1.1 when the server picks it, and when it negotiates no ALPN at all', async () => {
    for (const alpn of [['http/1.1'], undefined]) {
      const peer = await startTlsPeer(cert, { alpn });
      try {
        const s = await probeTcp({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
        expect(s, String(alpn)).toMatchObject({ ok: true, status: 200, alpn: alpn ? 'http/1.1' : null });
      } finally {
        await peer.stop();
      }
    }
  });

  it('no common ALPN: alpn error', async () => {
    const peer = await startTlsPeer(cert, { alpn: ['acme-tls/1'] });
    try {
      const s = await probeTcp({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
      expect(s).toMatchObject({ ok: false, phase: 'tls', error: 'alpn' });
    } finally {
      await peer.stop();
    }
  });

  it('verification is on by default: self-signed and wrong-name certificates are tls errors, still reported; insecure skips it', async () => {
    const peer = await startTlsPeer(cert, { alpn: ['http/1.1'] });
    try {
      const untrusted = await probeTcp({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS });
      expect(untrusted).toMatchObject({ ok: false, phase: 'tls', error: 'tls', cert: { subject: 'CN=localhost' } });
      expect(untrusted.detail).toMatch(/SELF_SIGNED/);
      const wrongName = await probeTcp({ host: peer.host, port: peer.port, sni: 'app.example.com' }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
      expect(wrongName).toMatchObject({ ok: false, error: 'tls' });
      expect(wrongName.detail).toMatch(/ALTNAME/);
      const insecure = await probeTcp({ host: peer.host, port: peer.port, sni: 'app.example.com' }, { timeoutMs: TIMEOUT_MS, insecure: true });
      expect(insecure).toMatchObject({ ok: true, status: 200 });
    } finally {
      await peer.stop();
    }
  });

  it('closed port: refused', async () => {
    const port = await withServer(() => {}, async (p) => p); // bound, then closed again
    const s = await probeTcp({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT_MS });
    expect(s).toMatchObject({ ok: false, phase: 'connect', error: 'refused' });
  });

  it('a server that accepts but never speaks TLS: timeout in the tls phase, returned by the deadline', async () => {
    const held: net.Socket[] = [];
    await withServer(
      (s) => held.push(s),
      async (port) => {
        const s = await probeTcp({ host: '127.0.0.1', port }, { timeoutMs: 500 });
        expect(s).toMatchObject({ ok: false, phase: 'tls', error: 'timeout' });
        for (const h of held) h.destroy();
      },
    );
  });

  it('garbage instead of HTTP: http error; no answer: timeout in the http phase', async () => {
    const garbage = await startTlsPeer(cert, { alpn: ['http/1.1'], response: 'HELLO THERE\r\n\r\n' });
    const silent = await startTlsPeer(cert, { alpn: ['http/1.1'], response: null });
    try {
      const bad = await probeTcp({ host: garbage.host, port: garbage.port }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
      expect(bad).toMatchObject({ ok: false, phase: 'http', error: 'http' });
      const quiet = await probeTcp({ host: silent.host, port: silent.port }, { timeoutMs: 500, ca: cert.certPem });
      expect(quiet).toMatchObject({ ok: false, phase: 'http', error: 'timeout' });
    } finally {
      await garbage.stop();
      await silent.stop();
    }
  });

  it('a plain-HTTP port is named as such, not called a certificate problem; other non-TLS talk stays a TLS failure', async () => {
    const plain = http.createServer((_req, res) => res.writeHead(404).end('404 page not found\n'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const addr = plain.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    try {
      const s = await probeTcp({ host: '127.0.0.1', port }, { timeoutMs: TIMEOUT_MS });
      expect(s).toMatchObject({ ok: false, phase: 'tls', error: 'protocol', cert: null });
      expect(s.detail).toMatch(/^this port speaks plain HTTP, not TLS: .*"HTTP\/1\.1 404 Not Found"$/);
      expect(describeProbeFailure('tcp', s, { port })).toMatch(new RegExp(`^TCP/${port} does not speak TLS`));
      expect(describeProbeFailure('tcp', s, { port })).not.toMatch(/certificate/);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
    // An SSH-like banner is not TLS either, but not HTTP: no claim about HTTP is made.
    await withServer(
      (sock) => sock.resume().end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'),
      async (p) => {
        const s = await probeTcp({ host: '127.0.0.1', port: p }, { timeoutMs: TIMEOUT_MS });
        expect(s).toMatchObject({ ok: false, phase: 'tls', error: 'tls' });
        expect(s.detail).not.toMatch(/plain HTTP/);
      },
    );
  });

  it('the caller can abort a probe', async () => {
    const held: net.Socket[] = [];
    await withServer(
      (s) => held.push(s),
      async (port) => {
        const ac = new AbortController();
        const pending = probeTcp({ host: '127.0.0.1', port }, { timeoutMs: 30_000, signal: ac.signal });
        setTimeout(() => ac.abort(), 50);
        const s = await pending;
        expect(s).toMatchObject({ ok: false, error: 'timeout', detail: 'aborted by caller' });
        for (const h of held) h.destroy();
      },
    );
  });
});
