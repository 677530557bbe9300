// Minimal strict IP/CIDR parsing for the generator. lib/haproxy must stay pure and
// browser-safe (no node:net), and lib/net/ip.ts did not exist when this was
// written; swap to it once it does. Strict on purpose: every accepted string is
// written into haproxy.cfg or Traefik YAML, so anything unusual is rejected
// rather than normalised (no leading zeros, no zone ids, no whitespace).

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

const DEC_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

export function parseIPv4(s: string): ParsedIp | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!DEC_OCTET.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    bytes.push(n);
  }
  return { family: 4, bytes, text: bytes.join('.') };
}

function hextets(part: string): number[] | null {
  if (part === '') return [];
  const out: number[] = [];
  const groups = part.split(':');
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] ?? '';
    // An embedded IPv4 may end the address (::ffff:192.0.2.1).
    if (i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIPv4(g);
      if (!v4) return null;
      const [a = 0, b = 0, c = 0, d = 0] = v4.bytes;
      out.push((a << 8) | b, (c << 8) | d);
      continue;
    }
    if (!HEXTET.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  return out;
}

export function parseIPv6(s: string): ParsedIp | null {
  if (s.length < 2 || s.length > 45) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  let words: number[];
  if (halves.length === 2) {
    const head = hextets(halves[0] ?? '');
    const tail = hextets(halves[1] ?? '');
    if (!head || !tail) return null;
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return null;
    words = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    const all = hextets(s);
    if (!all || all.length !== 8) return null;
    words = all;
  }
  // The embedded-IPv4 form is only valid in the last 32 bits.
  const v4At = s.lastIndexOf('.');
  if (v4At !== -1 && s.indexOf(':', v4At) !== -1) return null;
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  return { family: 6, bytes, text: formatIPv6(words) };
}

/** RFC 5952: lower case, no leading zeros, longest run (≥2) of zero words as `::`, first on ties. */
function formatIPv6(words: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (bestLen < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

export function parseIp(s: string): ParsedIp | null {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s);
}

export function parseCidr(s: string): ParsedCidr | null {
  const slash = s.indexOf('/');
  if (slash === -1) return null;
  const ip = parseIp(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > (ip.family === 4 ? 32 : 128)) return null;
  return { ip, prefix, text: `${ip.text}/${prefix}` };
}

export function isUnspecified(ip: ParsedIp): boolean {
  return ip.bytes.every((b) => b === 0);
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.ip.family !== ip.family) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((cidr.ip.bytes[i] ?? 0) & mask) !== ((ip.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Byte-wise order: IPv4 before IPv6, then numeric. Used for deterministic output. */
export function compareIp(a: ParsedIp, b: ParsedIp): number {
  if (a.family !== b.family) return a.family - b.family;
  for (let i = 0; i < a.bytes.length; i++) {
    const d = (a.bytes[i] ?? 0) - (b.bytes[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
