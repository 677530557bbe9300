// Integration: the HTTP/3 probe against real servers on loopback, each case checked against
// ngtcp2's reference client (gtlsclient) on the same target in the same test.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeH3, defaultH3Runner } from './probe-h3';
import { probeTcp } from '../tcp/probe-tcp';
import { RUNNER_FAULT_ENV, RUNNER_TRANSPORT_ENV } from './runner-protocol';
import { startCaddy, type RunningCaddy } from '../../lab/caddy';
import { runGtlsclient } from '../../lab/gtlsclient';
import { startUdpBlackhole } from '../../lab/udp-blackhole';
import { closedUdpPort } from '../../lab/ports';
import { makeSelfSignedCert, type LabCert } from '../../lab/cert';
import { startTlsPeer } from '../../lab/tls-peer';
import { startQuicAlpnPeer } from '../../lab/quic-alpn-peer';
import { h3Alternatives } from '../../lib/analyzers/alt-svc';
import { analyzeEdge } from '../../lib/analyzers/edge';
import { summarizeProbe } from '../../lib/analyzers/probe-summary';

// Generous: under a loaded 2-core CI machine the runner start-up (tsx) alone can take seconds;
// failures that matter here (alpn, refused) answer long before it.
const TIMEOUT_MS = 10_000;
/** Hang guard only (not a speed assertion): timeout + kill grace + process start-up slack. */
const HANG_GUARD_MS = TIMEOUT_MS + 8_000;

let caddy: RunningCaddy;
let caddyNoH3: RunningCaddy;
let certDir: string;
let cert: LabCert;

beforeAll(async () => {
  caddy = await startCaddy();
  caddyNoH3 = await startCaddy({ h3: false, advertiseH3Header: true });
  certDir = mkdtempSync(join(tmpdir(), 'edgelens-h3-test-'));
  cert = await makeSelfSignedCert(certDir);
});

afterAll(async () => {
  await caddy?.stop();
  await caddyNoH3?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

describe('HTTP/3 probe vs gtlsclient on real servers', () => {
  it('Caddy with h1/h2/h3: both probes succeed, Alt-Svc advertises h3, ALPN h3; gtlsclient agrees', async () => {
    const target = { host: caddy.host, port: caddy.port };
    const tcp = await probeTcp(target, { timeoutMs: TIMEOUT_MS, ca: caddy.certPem });
    const h3 = await probeH3(target, { timeoutMs: TIMEOUT_MS, ca: caddy.certPem });
    const ref = await runGtlsclient({ ...target, timeoutMs: TIMEOUT_MS });

    expect(tcp).toMatchObject({ ok: true, phase: 'done', error: null, alpn: 'h2', status: 200, server: 'Caddy' });
    expect(h3Alternatives(tcp.altSvc).map((a) => a.port)).toContain(caddy.port);
    expect(h3, h3.detail).toMatchObject({ ok: true, phase: 'done', error: null, alpn: 'h3', status: 200, server: 'Caddy' });
    expect(h3.handshakeMs).toBeGreaterThan(0);
    expect(h3.cert?.sans).toEqual(['localhost', '127.0.0.1']);
    expect(ref.status, ref.raw.slice(-2_000)).toBe(200);
    expect(ref.alpn).toBe('h3');
    expect(h3.ok).toBe(ref.ok);
  });

  it('verifies the certificate by name (SNI) and by IP, and rejects an untrusted one over QUIC as over TLS', async () => {
    const bySni = await probeH3({ host: caddy.host, port: caddy.port, sni: 'localhost' }, { timeoutMs: TIMEOUT_MS, ca: caddy.certPem });
    expect(bySni, bySni.detail).toMatchObject({ ok: true, status: 200 });
    // No `ca`: the self-signed certificate is not trusted. gtlsclient does not verify, so it is
    // not a reference for this case.
    const untrustedH3 = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS });
    const untrustedTcp = await probeTcp({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS });
    expect(untrustedH3).toMatchObject({ ok: false, error: 'tls', phase: 'quic' });
    expect(untrustedTcp).toMatchObject({ ok: false, error: 'tls', phase: 'tls' });
    const insecure = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, insecure: true });
    expect(insecure, insecure.detail).toMatchObject({ ok: true, status: 200 });
  });

  it('Caddy with HTTP/3 off but advertising h3: H3 fails, h3-advertised-but-broken fires; gtlsclient agrees', async () => {
    const target = { host: caddyNoH3.host, port: caddyNoH3.port };
    const tcp = await probeTcp(target, { timeoutMs: TIMEOUT_MS, ca: caddyNoH3.certPem });
    const h3 = await probeH3(target, { timeoutMs: TIMEOUT_MS, ca: caddyNoH3.certPem });
    const ref = await runGtlsclient({ ...target, timeoutMs: 1_500 });

    expect(tcp).toMatchObject({ ok: true, status: 200 });
    expect(h3Alternatives(tcp.altSvc).map((a) => a.port)).toContain(caddyNoH3.port);
    expect(h3.ok).toBe(false);
    expect(h3.error).toBe('refused'); // no UDP listener at all on loopback
    expect(ref.ok).toBe(false);
    expect(h3.ok).toBe(ref.ok);

    const endpoint = `${target.host}:${target.port}`;
    const findings = analyzeEdge({
      targets: [
        {
          endpoint,
          tcp: summarizeProbe({ kind: 'tcp', target: endpoint, sni: null, results: [tcp] }),
          h3: summarizeProbe({ kind: 'h3', target: endpoint, sni: null, results: [h3] }),
        },
      ],
    });
    expect(findings.map((f) => f.rule)).toContain('h3-advertised-but-broken');
  });

  it('closed UDP port: refused, quickly (ICMP port unreachable); gtlsclient agrees', async () => {
    const port = await closedUdpPort();
    const started = performance.now();
    const h3 = await probeH3({ host: '127.0.0.1', port }, { timeoutMs: 10_000, insecure: true });
    const elapsed = performance.now() - started;
    const ref = await runGtlsclient({ host: '127.0.0.1', port, timeoutMs: 1_500 });
    expect(h3).toMatchObject({ ok: false, error: 'refused', phase: 'quic' });
    // "Quickly" = well before the 10 s timeout: refused must not be a timeout in disguise.
    expect(elapsed).toBeLessThan(9_000);
    expect(ref.ok).toBe(false);
  });

  it('UDP port that swallows packets: timeout, returned by the deadline; gtlsclient agrees', async () => {
    const hole = await startUdpBlackhole();
    try {
      const started = performance.now();
      const h3 = await probeH3({ host: hole.host, port: hole.port }, { timeoutMs: 3_000, insecure: true });
      const elapsed = performance.now() - started;
      const ref = await runGtlsclient({ host: hole.host, port: hole.port, timeoutMs: 1_500 });
      expect(h3, h3.detail).toMatchObject({ ok: false, error: 'timeout', phase: 'quic' });
      expect(h3.detail).toMatch(/no answer to the QUIC Initial|no QUIC handshake/);
      expect(hole.received()).toBeGreaterThan(0);
      expect(elapsed).toBeLessThan(HANG_GUARD_MS);
      expect(ref.ok).toBe(false);
    } finally {
      await hole.stop();
    }
  });

  it('QUIC server without h3 (ALPN hq-interop): alpn; gtlsclient agrees', async () => {
    const peer = await startQuicAlpnPeer(cert);
    try {
      const h3 = await probeH3({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, insecure: true });
      const ref = await runGtlsclient({ host: peer.host, port: peer.port, timeoutMs: 1_500 });
      expect(h3, h3.detail).toMatchObject({ ok: false, error: 'alpn', phase: 'quic' });
      expect(ref.ok).toBe(false);
    } finally {
      await peer.stop();
    }
  });

  it('TLS server with another ALPN (acme-tls/1): TCP probe says alpn, H3 fails; gtlsclient agrees', async () => {
    const peer = await startTlsPeer(cert, { alpn: ['acme-tls/1'] });
    try {
      const tcp = await probeTcp({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
      const h3 = await probeH3({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, ca: cert.certPem });
      const ref = await runGtlsclient({ host: peer.host, port: peer.port, timeoutMs: 1_500 });
      expect(tcp).toMatchObject({ ok: false, error: 'alpn', phase: 'tls' });
      expect(peer.clientErrors()).toContain('ERR_SSL_NO_APPLICATION_PROTOCOL');
      expect(h3.ok).toBe(false);
      expect(ref.ok).toBe(false);
    } finally {
      await peer.stop();
    }
  });
});

describe('the alternative transport (@matrixai/quic QUICClient)', () => {
  const matrixai = { ...defaultH3Runner(), env: { [RUNNER_TRANSPORT_ENV]: 'matrixai' } };

  it('gets the same answers from Caddy and from a non-h3 QUIC server', async () => {
    const ok = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, ca: caddy.certPem, runner: matrixai });
    expect(ok, ok.detail).toMatchObject({ ok: true, alpn: 'h3', status: 200 });
    const peer = await startQuicAlpnPeer(cert);
    try {
      const alpn = await probeH3({ host: peer.host, port: peer.port }, { timeoutMs: TIMEOUT_MS, insecure: true, runner: matrixai });
      expect(alpn, alpn.detail).toMatchObject({ ok: false, error: 'alpn' });
    } finally {
      await peer.stop();
    }
    const closed = await probeH3({ host: '127.0.0.1', port: await closedUdpPort() }, { timeoutMs: TIMEOUT_MS, insecure: true, runner: matrixai });
    expect(closed).toMatchObject({ ok: false, error: 'refused' });
  });
});

describe('HTTP/3 runner isolation', () => {
  const faulty = (fault: string) => {
    const runner = defaultH3Runner();
    return { ...runner, env: { [RUNNER_FAULT_ENV]: fault } };
  };

  it('a runner that aborts or throws becomes a protocol error, and the hosting server keeps serving', async () => {
    const server = http.createServer((_req, res) => res.end('still here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    try {
      for (const fault of ['abort', 'throw', 'exit']) {
        const sample = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, insecure: true, runner: faulty(fault) });
        expect(sample, fault).toMatchObject({ ok: false, error: 'protocol' });
        expect(sample.detail).toMatch(/crashed/);
        const res = await fetch(`http://127.0.0.1:${port}/`);
        expect(await res.text()).toBe('still here');
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a crash after the result keeps the result', async () => {
    const sample = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, insecure: true, runner: faulty('throw-after-result') });
    expect(sample, sample.detail).toMatchObject({ ok: true, status: 200, alpn: 'h3' });
  });

  it('a runner that never answers is killed at timeout + grace and reported as timeout', async () => {
    const started = performance.now();
    const sample = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: 1_000, graceMs: 200, insecure: true, runner: faulty('hang') });
    expect(sample).toMatchObject({ ok: false, error: 'timeout' });
    expect(sample.detail).toMatch(/killed/);
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
  });

  it('the timeout counts from the first QUIC Initial: a runner slow to start still gets the whole timeout', async () => {
    // The runner waits 3 s before it starts QUIC; with a 2.5 s timeout counted from the spawn it
    // would be killed at 2.7 s (timeout + grace) without ever sending a packet.
    const slow = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: 2_500, graceMs: 200, insecure: true, runner: faulty('slow-start') });
    expect(slow, slow.detail).toMatchObject({ ok: true, status: 200, alpn: 'h3' });
    // A runner that never gets to QUIC is still bounded, by the start-up limit, and says so.
    const stuck = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: 1_000, startupLimitMs: 300, insecure: true, runner: faulty('slow-start') });
    expect(stuck).toMatchObject({ ok: false, error: 'timeout' });
    expect(stuck.detail).toMatch(/did not start the QUIC handshake within 300 ms/);
  });

  it('a runner command that cannot start is a protocol error, not an exception', async () => {
    const sample = await probeH3({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, runner: { command: '/nonexistent/edgelens-runner', args: [] } });
    expect(sample).toMatchObject({ ok: false, error: 'protocol' });
  });
});
