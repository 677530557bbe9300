// Certificate verification for an HTTP/3 target given as an IP literal without an SNI name.
// quiche checks the server name with X509_VERIFY_PARAM_set1_host, which never matches an
// `IP Address` SAN, so a valid certificate for 127.0.0.1 would be rejected. For that case the
// probe verifies the chain itself with node:crypto: the leaf must name the IP, every certificate
// must be within its validity period, each must be signed by the next, and the chain must end
// at a trust anchor.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { describeCertificate } from '../common/cert';

export type IpCertProblem = 'name' | 'expired' | 'untrusted';

export interface IpCertVerdict {
  problem: IpCertProblem;
  detail: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Parses trust anchors: the given PEM bundles, or Node's bundled root store. */
export function loadTrustAnchors(ca: string[] | undefined): X509Certificate[] {
  const pems = ca ? ca.flatMap((bundle) => bundle.match(PEM_CERT) ?? []) : [...rootCertificates];
  const out: X509Certificate[] = [];
  for (const pem of pems) {
    try {
      out.push(new X509Certificate(pem));
    } catch {
      // An unparsable anchor cannot vouch for anything; skip it.
    }
  }
  return out;
}

/** Returns null when the chain is valid for `ip` at `nowMs`, else the problem. */
export function verifyChainForIp(chainDer: readonly Uint8Array[], ip: string, anchors: readonly X509Certificate[], nowMs: number): IpCertVerdict | null {
  const chain = chainDer.map((der) => new X509Certificate(Buffer.from(der)));
  const leaf = chain[0];
  if (!leaf) return { problem: 'untrusted', detail: 'server sent no certificate' };
  if (!leaf.checkIP(ip)) return { problem: 'name', detail: `certificate is not valid for ${ip} (SANs: ${leaf.subjectAltName ?? 'none'})` };
  for (const cert of chain) {
    if (Date.parse(cert.validTo) < nowMs) return { problem: 'expired', detail: `certificate ${describeCertificate(cert)} expired ${cert.validTo}` };
    if (Date.parse(cert.validFrom) > nowMs) return { problem: 'expired', detail: `certificate ${describeCertificate(cert)} is not valid before ${cert.validFrom}` };
  }
  const signedBy = (child: X509Certificate, issuer: X509Certificate) => child.checkIssued(issuer) && child.verify(issuer.publicKey);
  let current = leaf;
  const used = new Set<X509Certificate>([leaf]);
  for (let depth = 0; depth < 10; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return null;
    if (anchors.some((a) => signedBy(current, a))) return null;
    const next = chain.find((c) => !used.has(c) && c.ca && signedBy(current, c));
    if (!next) break;
    used.add(next);
    current = next;
  }
  return { problem: 'untrusted', detail: `certificate chain does not lead to a trusted CA (issuer: ${(current.issuer ?? '').replace(/\n/g, ', ') || '(empty)'})` };
}
