// CIDR parsing, containment, and a precomputed table for fast membership tests.
import { parseIPv4, parseIPv6Words, parseIp, parseIpStrict, fromWords, formatIp, type ParsedIp } from './ip';

export interface Cidr {
  readonly version: 4 | 6;
  /** Prefix length (0–32 for IPv4, 0–128 for IPv6). */
  readonly bits: number;
  /** IPv4 network address (host bits cleared); 0 for IPv6. */
  readonly v4: number;
  /** IPv6 network words (host bits cleared); empty for IPv4. */
  readonly v6: readonly number[];
}

/**
 * The prefix length after a slash: one to three decimal digits, at most `max`;
 * `strict` also rejects leading zeros ("08"). Returns -1 when invalid.
 */
export function parsePrefixLength(text: string, max: number, strict = false): number {
  if (!(strict ? /^(0|[1-9][0-9]{0,2})$/ : /^\d{1,3}$/).test(text)) return -1;
  const bits = Number(text);
  return bits > max ? -1 : bits;
}

/**
 * Parses "10.42.0.0/16", "fd00::/8" or a bare address (a host route, /32 or
 * /128). Host bits are cleared ("10.42.1.5/24" is 10.42.1.0/24, as kubectl
 * and the kernel read it). An IPv4-mapped IPv6 prefix of /96 or longer
 * becomes the IPv4 prefix it covers.
 */
export function parseCidr(text: string): Cidr | null {
  const s = text.trim();
  const slash = s.indexOf('/');
  const addrEnd = slash === -1 ? s.length : slash;
  const bitsText = slash === -1 ? null : s.slice(slash + 1);
  const v4 = parseIPv4(s, 0, addrEnd);
  if (v4 >= 0) {
    const bits = bitsText === null ? 32 : parsePrefixLength(bitsText, 32);
    return bits < 0 ? null : { version: 4, bits, v4: maskV4(v4, bits), v6: [] };
  }
  const words = [0, 0, 0, 0, 0, 0, 0, 0];
  if (!parseIPv6Words(s, 0, addrEnd, words)) return null;
  const bits = bitsText === null ? 128 : parsePrefixLength(bitsText, 128);
  if (bits < 0) return null;
  const ip = fromWords(words);
  if (ip.version === 4 && bits >= 96) {
    return { version: 4, bits: bits - 96, v4: maskV4(ip.value, bits - 96), v6: [] };
  }
  return { version: 6, bits, v4: 0, v6: maskV6(words, bits) };
}

/** An address and a prefix length, host bits kept as written. */
export interface IpPrefix {
  readonly ip: ParsedIp;
  readonly bits: number;
}

/**
 * "address/length" read strictly, for text written back into configuration:
 * the slash is required, the address is read by parseIpStrict, the length has
 * no leading zeros, nothing is trimmed and host bits are kept ("10.0.20.5/24").
 */
export function parseCidrStrict(text: string): IpPrefix | null {
  const slash = text.indexOf('/');
  if (slash === -1) return null;
  const ip = parseIpStrict(text.slice(0, slash));
  if (!ip) return null;
  const bits = parsePrefixLength(text.slice(slash + 1), ip.version === 4 ? 32 : 128, true);
  return bits < 0 ? null : { ip, bits };
}

function maskV4(value: number, bits: number): number {
  if (bits === 0) return 0;
  const shift = 32 - bits;
  // `>>>` works on the unsigned 32-bit value; shifting back can overflow int32, so multiply.
  return (value >>> shift) * 2 ** shift;
}

function maskV6(words: readonly number[], bits: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    const w = words[i] ?? 0;
    out.push(keep === 0 ? 0 : keep === 16 ? w : w & ((0xffff << (16 - keep)) & 0xffff));
  }
  return out;
}

/** True when the IPv4 number lies inside the IPv4 prefix. */
export function v4InPrefix(value: number, network: number, bits: number): boolean {
  if (bits === 0) return true;
  const shift = 32 - bits;
  return value >>> shift === network >>> shift;
}

/** True when the IPv6 words lie inside the IPv6 prefix (host bits of `network` are ignored). */
export function v6InPrefix(words: readonly number[], network: readonly number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const w = words[i] ?? 0;
    const n = network[i] ?? 0;
    if (bits >= 16) {
      if (w !== n) return false;
    } else {
      const mask = (0xffff << (16 - bits)) & 0xffff;
      if ((w & mask) !== (n & mask)) return false;
    }
  }
  return true;
}

/** True when `ip` lies inside network/bits (host bits of `network` ignored); false across address families. */
export function ipInPrefix(ip: ParsedIp, network: ParsedIp, bits: number): boolean {
  if (ip.version === 4) return network.version === 4 && v4InPrefix(ip.value, network.value, bits);
  return network.version === 6 && v6InPrefix(ip.words, network.words, bits);
}

function toParsed(ip: string | ParsedIp): ParsedIp | null {
  return typeof ip === 'string' ? parseIp(ip) : ip;
}

/** Does the CIDR contain the address? False for unparsable input and across address families. */
export function cidrContains(cidr: string | Cidr, ip: string | ParsedIp): boolean {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  const a = toParsed(ip);
  if (!c || !a || c.version !== a.version) return false;
  return a.version === 4 ? v4InPrefix(a.value, c.v4, c.bits) : v6InPrefix(a.words, c.v6, c.bits);
}

export function formatCidr(c: Cidr): string {
  const addr = c.version === 4 ? formatIp({ version: 4, value: c.v4, mapped: false }) : formatIp({ version: 6, words: c.v6 });
  return `${addr}/${c.bits}`;
}

/**
 * A set of prefixes built once and queried many times. IPv4 prefixes are
 * grouped by length into Sets of network numbers, so a lookup costs one Set
 * probe per distinct prefix length (usually one or two), however many
 * prefixes there are. IPv6 prefixes are few in practice and scanned.
 */
export class CidrTable {
  private readonly v4ByLength = new Map<number, Set<number>>();
  private v4Lengths: number[] = [];
  private readonly v6: Cidr[] = [];

  constructor(cidrs: Iterable<string | Cidr> = []) {
    for (const c of cidrs) this.add(c);
  }

  /** Adds a prefix; returns false when the text is not a CIDR or address. */
  add(cidr: string | Cidr): boolean {
    const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
    if (!c) return false;
    if (c.version === 6) {
      this.v6.push(c);
      return true;
    }
    let set = this.v4ByLength.get(c.bits);
    if (!set) {
      set = new Set();
      this.v4ByLength.set(c.bits, set);
      // Longest prefixes first; order does not change the answer, only how soon it is found.
      this.v4Lengths = [...this.v4ByLength.keys()].sort((a, b) => b - a);
    }
    set.add(c.bits === 0 ? 0 : c.v4 >>> (32 - c.bits));
    return true;
  }

  get size(): number {
    let n = this.v6.length;
    for (const s of this.v4ByLength.values()) n += s.size;
    return n;
  }

  hasV4(value: number): boolean {
    for (const bits of this.v4Lengths) {
      const key = bits === 0 ? 0 : value >>> (32 - bits);
      if (this.v4ByLength.get(bits)?.has(key)) return true;
    }
    return false;
  }

  hasV6(words: readonly number[]): boolean {
    for (const c of this.v6) if (v6InPrefix(words, c.v6, c.bits)) return true;
    return false;
  }

  has(ip: string | ParsedIp): boolean {
    const a = toParsed(ip);
    if (!a) return false;
    return a.version === 4 ? this.hasV4(a.value) : this.hasV6(a.words);
  }
}
