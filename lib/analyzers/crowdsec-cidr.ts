// Minimal address arithmetic for the CrowdSec analyzer: parse an IP or CIDR
// into a numeric interval so a Range decision can be tested against node IPs,
// LB IPs, pod CIDRs and the well-known internal blocks. Kept local and small
// because lib/net is owned elsewhere; it can move there unchanged.

export interface Interval {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = (n << 8n) | BigInt(v);
  }
  return n;
}

function parseV6(text: string): bigint | null {
  let s = text.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // A trailing dotted quad (::ffff:10.0.0.1) stands for the last two groups.
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] ?? '').split(':')) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

export function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === null ? null : { family: 6, value: v };
  }
  const v = parseV4(t);
  return v === null ? null : { family: 4, value: v };
}

/** An IP ("10.0.20.103") or CIDR ("10.0.0.0/8") as the interval of addresses it covers. */
export function parseInterval(text: string): Interval | null {
  const [addr, bits, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const width = ip.family === 4 ? 32 : 128;
  if (bits === undefined) return { family: ip.family, first: ip.value, last: ip.value };
  if (!/^\d{1,3}$/.test(bits)) return null;
  const prefix = Number(bits);
  if (prefix > width) return null;
  const hostBits = BigInt(width - prefix);
  const mask = (1n << hostBits) - 1n;
  const first = ip.value & ~mask;
  return { family: ip.family, first, last: first | mask };
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
