// Summarises a peer certificate for a ProbeSample (subject, SANs, expiry).
import type { X509Certificate } from 'node:crypto';
import type { ProbeSample } from '../../lib/model/probe';

export type CertSummary = NonNullable<ProbeSample['cert']>;

const DAY_MS = 86_400_000;

/** `nowMs` is passed in so the summary is reproducible in tests. */
export function summarizeCertificate(cert: X509Certificate, nowMs: number): CertSummary {
  const notAfter = new Date(cert.validTo);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    sans: parseSubjectAltName(cert.subjectAltName ?? ''),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - nowMs) / DAY_MS),
  };
}

/** `DNS:a, IP Address:127.0.0.1` → `['a', '127.0.0.1']` (other SAN kinds keep their prefix). */
export function parseSubjectAltName(san: string): string[] {
  return san
    .split(/,\s*/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => part.replace(/^DNS:/, '').replace(/^IP Address:/, ''));
}
