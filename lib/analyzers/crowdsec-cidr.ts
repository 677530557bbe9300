// Address arithmetic for the CrowdSec analyzer, over lib/net: an IP or CIDR as
// the numeric interval it covers, so a Range decision can be tested against
// node IPs, LB IPs, pod CIDRs and the well-known internal blocks.
import { formatIp as formatNetIp } from '../net/ip';
import { ipFromBigInt } from '../net/ip-value';
import { parseInterval as parseNetInterval, type IntervalParseOptions, type IpInterval } from '../net/interval';

export { intervalsOverlap as overlaps } from '../net/interval';

export type Interval = IpInterval;

/**
 * How decision values have always been read: a zone is dropped, leading zeros
 * in IPv4 octets read as decimal, and ::ffff:a.b.c.d stays IPv6 as written.
 */
const DECISION_IP: IntervalParseOptions = { zone: true, leadingZeros: true };

/** An IP ("10.0.20.103") or CIDR ("10.0.0.0/8") as the interval of addresses it covers. */
export function parseInterval(text: string): Interval | null {
  const [addr, bits, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  // Spaces around the address ("10.0.0.0 /8") have always been tolerated here.
  return parseNetInterval(bits === undefined ? addr.trim() : `${addr.trim()}/${bits}`, DECISION_IP);
}

export function formatIp(family: 4 | 6, value: bigint): string {
  return formatNetIp(ipFromBigInt(family, value));
}
