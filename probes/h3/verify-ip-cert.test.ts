import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { loadTrustAnchors, verifyChainForIp } from './verify-ip-cert';
import { makeSelfSignedCert, type LabCert } from '../../lab/cert';

let dir: string;
let ipCert: LabCert;
let dnsOnly: LabCert;
const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgelens-verify-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(a);
  mkdirSync(b);
  ipCert = await makeSelfSignedCert(a);
  dnsOnly = await makeSelfSignedCert(b, { sans: ['DNS:localhost'] });
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('certificate check for IP targets without a name', () => {
  it('accepts a trusted certificate that names the IP', () => {
    expect(verifyChainForIp([der(ipCert.certPem)], '127.0.0.1', loadTrustAnchors([ipCert.certPem]), Date.now())).toBeNull();
  });

  it('rejects a certificate without the IP, an untrusted one, and an expired one', () => {
    expect(verifyChainForIp([der(dnsOnly.certPem)], '127.0.0.1', loadTrustAnchors([dnsOnly.certPem]), Date.now())?.problem).toBe('name');
    expect(verifyChainForIp([der(ipCert.certPem)], '127.0.0.1', loadTrustAnchors(undefined), Date.now())?.problem).toBe('untrusted');
    const in60days = Date.now() + 60 * 86_400_000;
    expect(verifyChainForIp([der(ipCert.certPem)], '127.0.0.1', loadTrustAnchors([ipCert.certPem]), in60days)?.problem).toBe('expired');
  });
});
