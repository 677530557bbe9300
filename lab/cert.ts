// Self-signed certificates for lab servers, made with the real openssl CLI (LAB.md recipe).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
