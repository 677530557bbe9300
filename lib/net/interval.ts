// Addresses and CIDRs as inclusive numeric intervals, for range arithmetic:
// does a CrowdSec Range decision overlap a node address, which addresses does
// a MetalLB pool hold. bigint because an IPv6 interval spans 128 bits.
import { parsePrefixLength } from './cidr';
import { parseIp, type ParseIpOptions } from './ip';
import { ipToBigInt } from './ip-value';

export interface IpInterval {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

/** How interval text is read; an IPv4-mapped address always stays IPv6, as written, so the prefix length counts IPv6 bits. */
export type IntervalParseOptions = Pick<ParseIpOptions, 'zone' | 'leadingZeros'>;

/**
 * An address ("10.0.20.103", one address) or CIDR ("10.0.20.0/24", host bits
 * ignored) as the interval of addresses it covers. No spaces are trimmed.
 */
export function parseInterval(text: string, opts: IntervalParseOptions = {}): IpInterval | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash === -1 ? text : text.slice(0, slash), { mapIPv4: false, zone: opts.zone ?? true, leadingZeros: opts.leadingZeros ?? false });
  if (!ip) return null;
  const width = ip.version === 4 ? 32 : 128;
  const bits = slash === -1 ? width : parsePrefixLength(text.slice(slash + 1), width);
  if (bits < 0) return null;
  const hostMask = (1n << BigInt(width - bits)) - 1n;
  const value = ipToBigInt(ip);
  return { family: ip.version, first: value & ~hostMask, last: value | hostMask };
}

export function intervalsOverlap(a: IpInterval, b: IpInterval): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
