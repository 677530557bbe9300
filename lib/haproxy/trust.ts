// What Traefik must trust: exactly the addresses HAProxy connects from. Given
// explicitly, or HAProxy's pinned egress (`source`), or — a guess — its specific
// bind addresses. Anything wider than one host is flagged: every address Traefik
// trusts can choose the client IP Traefik logs.
import { cidrContains, compareIp, type ParsedCidr, type ParsedIp } from './ip';
import type { NormalizedInput } from './validate';

export type TrustOrigin = 'given' | 'egress' | 'binds' | 'unknown';

export interface TrustResult {
  trustedIPs: string[];
  origin: TrustOrigin;
  warnings: string[];
}

function isCidr(v: ParsedIp | ParsedCidr): v is ParsedCidr {
  return 'prefix' in v;
}

function baseIp(v: ParsedIp | ParsedCidr): ParsedIp {
  return isCidr(v) ? v.ip : v;
}

function sortUnique(values: Array<ParsedIp | ParsedCidr>): string[] {
  return [...new Set(sorted(values).map((v) => v.text))];
}

function sorted<T extends ParsedIp | ParsedCidr>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => {
    const d = compareIp(baseIp(a), baseIp(b));
    if (d !== 0) return d;
    const pa = isCidr(a) ? a.prefix : 999;
    const pb = isCidr(b) ? b.prefix : 999;
    return pa - pb;
  });
}

export function resolveTrust(input: NormalizedInput): TrustResult {
  const warnings: string[] = [];
  if (input.trustedIPs) {
    const seen = new Set<string>();
    // Sorted so the warnings come out in the same order whatever order the input had.
    for (const t of sorted(input.trustedIPs)) {
      if (seen.has(t.text)) continue;
      seen.add(t.text);
      if (isCidr(t) && t.prefix < (t.ip.family === 4 ? 32 : 128)) {
        warnings.push(
          `trustedIPs ${t.text} trusts every address in that range, not only HAProxy: any host there can send its own PROXY header and choose the client IP Traefik logs (and CrowdSec bans). Prefer HAProxy's exact address(es).`,
        );
      }
    }
    const egress = input.egress;
    if (egress && !input.trustedIPs.some((t) => (isCidr(t) ? cidrContains(t, egress) : t.text === egress.text))) {
      warnings.push(
        `HAProxy connects from ${egress.text} (egress), which trustedIPs does not cover: Traefik will ignore its PROXY headers and log ${egress.text} as the client.`,
      );
    }
    return { trustedIPs: sortUnique(input.trustedIPs), origin: 'given', warnings };
  }
  if (input.egress) return { trustedIPs: [input.egress.text], origin: 'egress', warnings };

  const specific = input.listeners.flatMap((l) => l.binds.map((b) => b.address)).filter((a) => a.bytes.some((x) => x !== 0));
  if (specific.length > 0) {
    const list = sortUnique(specific);
    warnings.push(
      `trustedIPs were inferred from HAProxy's bind addresses (${list.join(', ')}). HAProxy connects to the backends from the address of the interface that routes to them; if that is a different address, pass it as egress (HAProxy 'source') or set trustedIPs, or Traefik will ignore the PROXY headers.`,
    );
    return { trustedIPs: list, origin: 'binds', warnings };
  }
  warnings.push(
    "HAProxy's source address is unknown (wildcard binds and no egress): the Traefik snippets contain the placeholder HAPROXY_SOURCE_IP. Replace it with the address HAProxy uses to reach the backends, or pass egress/trustedIPs and regenerate.",
  );
  return { trustedIPs: [], origin: 'unknown', warnings };
}
