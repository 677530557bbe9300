// The generator's view of addresses: lib/net's strict readers (parseIpStrict,
// parseCidrStrict) in the shape the generator works with. Strict on purpose:
// every accepted string is written into haproxy.cfg or Traefik YAML, so anything
// unusual is rejected rather than normalised (no leading zeros, no zone ids, no
// whitespace, no names); an IPv4-mapped address stays IPv6 and is written in hex
// (::ffff:c000:201), as browsers print it. lib/net is pure, so lib/haproxy stays
// browser-safe.
import { parseCidrStrict, ipInPrefix } from '../net/cidr';
import { formatIp, parseIpStrict, type ParsedIp as NetIp } from '../net/ip';
import { compareIp as compareNetIp, ipFromBytes, ipToBytes } from '../net/ip-value';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** 4 or 16 bytes, network order. */
  bytes: number[];
  /** Canonical text: dotted quad, or RFC 5952 for IPv6. */
  text: string;
}

export interface ParsedCidr {
  ip: ParsedIp;
  prefix: number;
  /** Canonical `ip/prefix` with host bits as given (Traefik accepts either). */
  text: string;
}

function fromNet(ip: NetIp): ParsedIp {
  return { family: ip.version, bytes: ipToBytes(ip), text: formatIp(ip) };
}

export function parseIp(s: string): ParsedIp | null {
  const ip = parseIpStrict(s);
  return ip ? fromNet(ip) : null;
}

export function parseCidr(s: string): ParsedCidr | null {
  const p = parseCidrStrict(s);
  if (!p) return null;
  const ip = fromNet(p.ip);
  return { ip, prefix: p.bits, text: `${ip.text}/${p.bits}` };
}

export function isUnspecified(ip: ParsedIp): boolean {
  return ip.bytes.every((b) => b === 0);
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  return ipInPrefix(ipFromBytes(ip.bytes), ipFromBytes(cidr.ip.bytes), cidr.prefix);
}

/** IPv4 before IPv6, then numeric. Used for deterministic output. */
export function compareIp(a: ParsedIp, b: ParsedIp): number {
  return compareNetIp(ipFromBytes(a.bytes), ipFromBytes(b.bytes));
}
