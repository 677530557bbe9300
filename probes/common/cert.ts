// Summarises a peer certificate for a ProbeSample (subject, SANs, expiry).
import type { X509Certificate } from 'node:crypto';
import type { ProbeSample } from '../../lib/model/probe';

export type CertSummary = NonNullable<ProbeSample['cert']>;

const DAY_MS = 86_400_000;

/** `nowMs` is passed in so the summary is reproducible in tests. */
export function summarizeCertificate(cert: X509Certificate, nowMs: number): CertSummary {
  const notAfter = new Date(cert.validTo);
  return {
    subject: subjectText(cert),
    sans: parseSubjectAltName(cert.subjectAltName ?? ''),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - nowMs) / DAY_MS),
  };
}

/**
 * The Subject as one line, '' when it is empty. Node gives `undefined` for an empty Subject —
 * what Caddy's `tls internal` and ACME certificates with names only in subjectAltName carry;
 * such a certificate is valid (RFC 5280 §4.1.2.6) and curl accepts it, so it must not break the probe.
 */
export function subjectText(cert: X509Certificate): string {
  return (cert.subject ?? '').replace(/\n/g, ', ');
}

/** How to name a certificate in a message: its Subject, else its SANs, else its fingerprint. */
export function describeCertificate(cert: X509Certificate): string {
  const subject = subjectText(cert);
  if (subject) return subject;
  const sans = parseSubjectAltName(cert.subjectAltName ?? '');
  return sans.length > 0 ? `(empty subject) for ${sans.join(', ')}` : `(empty subject) SHA-256 ${cert.fingerprint256}`;
}

/** `DNS:a, IP Address:127.0.0.1` → `['a', '127.0.0.1']` (other SAN kinds keep their prefix). */
export function parseSubjectAltName(san: string): string[] {
  return san
    .split(/,\s*/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => part.replace(/^DNS:/, '').replace(/^IP Address:/, ''));
}
