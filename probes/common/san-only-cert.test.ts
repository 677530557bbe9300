// Integration: a certificate with an EMPTY Subject and its names only in subjectAltName (the shape
// of Caddy's `tls internal` certificates) verifies like curl verifies it, over TCP+TLS and over
// QUIC, against two independent servers: Caddy (TCP and HTTP/3) and ngtcp2's gtlsserver (HTTP/3).
// Before the fix both probes threw on `subject.replace` and reported "the certificate was rejected".
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { probeTcp } from '../tcp/probe-tcp';
import { probeH3 } from '../h3/probe-h3';
import { summarizeCertificate } from './cert';
import { verifyChainForIp, loadTrustAnchors } from '../h3/verify-ip-cert';
import { makeSanOnlyCert, type LabCaSignedCert } from '../../lab/cert';
import { startCaddy, type RunningCaddy } from '../../lab/caddy';
import { startGtlsserver, type RunningGtlsserver } from '../../lab/gtlsserver';
import { requireBinary } from '../../lab/binaries';

const execFileP = promisify(execFile);
const TIMEOUT_MS = 10_000;
let dir: string;
let cert: LabCaSignedCert;
let caddy: RunningCaddy;
let ngtcp2: RunningGtlsserver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-san-only-'));
  cert = await makeSanOnlyCert(dir);
  caddy = await startCaddy({ cert });
  ngtcp2 = await startGtlsserver(cert);
});
afterAll(async () => {
  await caddy?.stop();
  await ngtcp2?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** curl, the reference a user would compare with: exit 0 and the HTTP status, verifying against `ca`. */
async function curlStatus(url: string, opts: { resolve?: string } = {}): Promise<string> {
  const caFile = join(dir, 'curl-ca.pem');
  writeFileSync(caFile, cert.caPem);
  const args = ['-sS', '--max-time', '10', '--cacert', caFile, '-o', '/dev/null', '-w', '%{http_code}', ...(opts.resolve ? ['--resolve', opts.resolve] : []), url];
  const { stdout } = await execFileP(requireBinary('curl'), args);
  return stdout.trim();
}

describe('a SAN-only, empty-Subject certificate', () => {
  it('really has an empty Subject (Node reports undefined) and is summarised without throwing', () => {
    const x = new X509Certificate(cert.certPem);
    expect(x.subject ?? '').toBe('');
    expect(summarizeCertificate(x, Date.now())).toMatchObject({ subject: '', sans: ['localhost', '127.0.0.1'] });

    // The IP path of the HTTP/3 probe verifies the chain itself: valid, and wording for a failure.
    const der = [new Uint8Array(x.raw)];
    expect(verifyChainForIp(der, '127.0.0.1', loadTrustAnchors([cert.caPem]), Date.now())).toBeNull();
    expect(verifyChainForIp(der, '127.0.0.1', loadTrustAnchors([cert.caPem]), Date.now() + 400 * 86_400_000)?.detail).toMatch(/\(empty subject\) for localhost, 127\.0\.0\.1 expired/);
  });

  it('Caddy over TCP: curl and the TCP probe both accept it, by IP and by name', async () => {
    expect(await curlStatus(`https://127.0.0.1:${caddy.port}/`)).toBe('200');
    expect(await curlStatus(`https://localhost:${caddy.port}/`, { resolve: `localhost:${caddy.port}:127.0.0.1` })).toBe('200');
    const byIp = await probeTcp({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS, ca: cert.caPem });
    const byName = await probeTcp({ host: caddy.host, port: caddy.port, sni: 'localhost' }, { timeoutMs: TIMEOUT_MS, ca: cert.caPem });
    for (const s of [byIp, byName]) {
      expect(s, s.detail).toMatchObject({ ok: true, status: 200, cert: { subject: '', sans: ['localhost', '127.0.0.1'] } });
    }
    // Verification is still on: without the CA the same certificate is rejected, and said so.
    const untrusted = await probeTcp({ host: caddy.host, port: caddy.port }, { timeoutMs: TIMEOUT_MS });
    expect(untrusted).toMatchObject({ ok: false, error: 'tls', cert: { subject: '' } });
    expect(untrusted.detail).toMatch(/certificate rejected/);
  });

  it('HTTP/3 against Caddy and against gtlsserver: accepted by IP and by name, rejected without the CA', async () => {
    for (const server of [caddy, ngtcp2]) {
      const byIp = await probeH3({ host: server.host, port: server.port }, { timeoutMs: TIMEOUT_MS, ca: cert.caPem });
      const byName = await probeH3({ host: server.host, port: server.port, sni: 'localhost' }, { timeoutMs: TIMEOUT_MS, ca: cert.caPem });
      for (const s of [byIp, byName]) {
        expect(s, `${server.port}: ${s.detail ?? ''}`).toMatchObject({ ok: true, alpn: 'h3', status: 200, cert: { subject: '', sans: ['localhost', '127.0.0.1'] } });
      }
      const untrusted = await probeH3({ host: server.host, port: server.port }, { timeoutMs: TIMEOUT_MS });
      expect(untrusted, String(server.port)).toMatchObject({ ok: false, error: 'tls' });
    }
  });
});
