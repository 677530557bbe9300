// Self-signed certificates for lab servers, made with the real openssl CLI (LAB.md recipe).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from './binaries';

const execFileP = promisify(execFile);

export interface LabCert {
  certPath: string;
  keyPath: string;
  /** PEM text of the certificate, usable as the `ca` of a probe that verifies. */
  certPem: string;
  keyPem: string;
}

/** Writes cert.pem/key.pem into `dir`: CN=localhost, SANs DNS:localhost and IP:127.0.0.1 by default. */
export async function makeSelfSignedCert(dir: string, opts: { cn?: string; sans?: string[]; days?: number } = {}): Promise<LabCert> {
  const openssl = requireBinary('openssl');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const sans = opts.sans ?? ['DNS:localhost', 'IP:127.0.0.1'];
  await execFileP(openssl, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
    '-subj', `/CN=${opts.cn ?? 'localhost'}`,
    '-addext', `subjectAltName=${sans.join(',')}`,
    '-days', String(opts.days ?? 30),
    '-keyout', keyPath,
    '-out', certPath,
  ]);
  return { certPath, keyPath, certPem: readFileSync(certPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
}

export interface LabCaSignedCert extends LabCert {
  /** PEM of the issuing CA: the trust anchor a probe gets as `ca` (the leaf alone is not one). */
  caPem: string;
}

/**
 * A leaf with an EMPTY Subject and its names only in a critical subjectAltName, issued by a
 * throw-away CA: the shape of Caddy's `tls internal` certificates (and of many ACME ones). RFC 5280
 * §4.1.2.6 allows it; curl and browsers accept it. EC P-256 keys, which gtlsserver takes too.
 */
export async function makeSanOnlyCert(dir: string, opts: { sans?: string[]; days?: number } = {}): Promise<LabCaSignedCert> {
  const openssl = requireBinary('openssl');
  const p = (name: string) => join(dir, name);
  const days = String(opts.days ?? 30);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await execFileP(openssl, ['req', '-x509', ...ec, '-subj', '/CN=edgelens lab CA', '-days', days,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', p('ca-key.pem'), '-out', p('ca.pem')]);
  await execFileP(openssl, ['req', '-new', ...ec, '-subj', '/', '-keyout', p('key.pem'), '-out', p('leaf.csr')]);
  const sans = opts.sans ?? ['DNS:localhost', 'IP:127.0.0.1'];
  writeFileSync(p('leaf.ext'), [`subjectAltName=critical,${sans.join(',')}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', ''].join('\n'));
  await execFileP(openssl, ['x509', '-req', '-in', p('leaf.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca-key.pem'), '-set_serial', '1',
    '-days', days, '-extfile', p('leaf.ext'), '-out', p('cert.pem')]);
  const read = (name: string) => readFileSync(p(name), 'utf8');
  return { certPath: p('cert.pem'), keyPath: p('key.pem'), certPem: read('cert.pem'), keyPem: read('key.pem'), caPem: read('ca.pem') };
}
