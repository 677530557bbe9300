// The IP helpers the cluster analyzers need, over lib/net: numeric order,
// MetalLB pool ranges ("a.b.c.d/nn" or "first-last"), a free address, and
// finding IP literals inside free text. Everything is pure and linear.
import { formatIp as formatNetIp, parseIp as parseNetIp, type ParseIpOptions } from '../net/ip';
import { compareIp, ipFromBigInt, ipToBigInt } from '../net/ip-value';
import { parseInterval, type IpInterval } from '../net/interval';

/**
 * How the analyzers have always read addresses from the cluster: a mapped
 * address stays IPv6 as written, no zone ids, and IPv4 octets with leading
 * zeros read as decimal (Kubernetes' legacy parser reads "010" as 10 too).
 */
const CLUSTER_IP: ParseIpOptions = { mapIPv4: false, zone: false, leadingZeros: true };

export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

export function parseIp(text: string): ParsedIp | null {
  const ip = parseNetIp(text, CLUSTER_IP);
  return ip ? { family: ip.version, value: ipToBigInt(ip) } : null;
}

/** IPv4 before IPv6, each numerically; unparsable strings last, by text. */
export function compareIps(a: string, b: string): number {
  const pa = parseNetIp(a, CLUSTER_IP);
  const pb = parseNetIp(b, CLUSTER_IP);
  if (pa && pb) return compareIp(pa, pb);
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatIp(ip: ParsedIp): string {
  return formatNetIp(ipFromBigInt(ip.family, ip.value));
}

export type IpRange = IpInterval;

/** One MetalLB pool entry: a CIDR ("10.0.20.0/24") or an inclusive range ("10.0.20.200-10.0.20.220"). */
export function parsePoolRange(spec: string): IpRange | null {
  const text = spec.trim();
  const dash = text.indexOf('-');
  if (dash > 0) {
    const a = parseIp(text.slice(0, dash).trim());
    const b = parseIp(text.slice(dash + 1).trim());
    if (!a || !b || a.family !== b.family || a.value > b.value) return null;
    return { family: a.family, first: a.value, last: b.value };
  }
  return parseInterval(text, CLUSTER_IP);
}

export function rangeContains(range: IpRange, ip: string): boolean {
  const p = parseIp(ip);
  return p !== null && p.family === range.family && p.value >= range.first && p.value <= range.last;
}

/**
 * The lowest address of `ranges` not in `used`, looking at most `limit` addresses
 * (pools can be whole /64s). For CIDRs of 4+ addresses, the network and
 * broadcast addresses are skipped, as a human picking an address would.
 */
export function firstFreeIp(ranges: readonly IpRange[], used: ReadonlySet<string>, limit = 4096): string | null {
  let looked = 0;
  for (const r of ranges) {
    for (let v = r.first; v <= r.last && looked < limit; v++, looked++) {
      const ip = formatIp({ family: r.family, value: v });
      if (r.family === 4 && r.last - r.first >= 3 && (v === r.first || v === r.last) && (ip.endsWith('.0') || ip.endsWith('.255'))) continue;
      if (!used.has(ip)) return ip;
    }
  }
  return null;
}

// An IPv4 literal not glued to other word characters or dots+digits:
// 10.0.20.200 matches in "https://10.0.20.200:443" and "10.0.20.200." but not in
// "10.0.20.2001", "110.0.20.200" or "10.0.20.200.5".
const IPV4_LITERAL = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)/g;

export interface LiteralHit {
  ip: string;
  index: number;
}

/**
 * Every occurrence in `text` of an address in `wanted`. One pass over the text
 * for IPv4 (the set lookup is O(1)), and one indexOf scan per IPv6 address wanted
 * (LB IPv6 addresses are few), so the cost is linear in the text.
 */
export function findIpLiterals(text: string, wanted: ReadonlySet<string>, wantedV6: readonly string[] = []): LiteralHit[] {
  const hits: LiteralHit[] = [];
  if (text.length < 7) return hits;
  if (text.includes('.')) {
    IPV4_LITERAL.lastIndex = 0;
    for (let m = IPV4_LITERAL.exec(text); m !== null; m = IPV4_LITERAL.exec(text)) {
      if (wanted.has(m[0])) hits.push({ ip: m[0], index: m.index });
    }
  }
  if (text.includes(':')) {
    const lower = text.toLowerCase();
    for (const ip of wantedV6) {
      for (let i = lower.indexOf(ip); i >= 0; i = lower.indexOf(ip, i + 1)) {
        const before = lower[i - 1];
        const after = lower[i + ip.length];
        const glued = (c: string | undefined): boolean => c !== undefined && /[0-9a-f:.]/.test(c);
        if (!glued(before) && !glued(after)) hits.push({ ip, index: i });
      }
    }
  }
  return hits;
}
