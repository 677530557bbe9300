// The few IP helpers the cluster analyzers need: numeric order, MetalLB pool
// ranges ("a.b.c.d/nn" or "first-last"), a free address, and finding IP
// literals inside free text. Kept here (not lib/net) so the analyzers do not
// wait on another module's shape; everything is pure and linear.

export interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const octet = Number(p);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

function parseIPv6(text: string): bigint | null {
  if (!text.includes(':')) return null;
  let head = text;
  let tailV4: number | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const toGroups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | BigInt(tailV4);
  return value;
}

export function parseIp(text: string): ParsedIp | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 4, value: BigInt(v4) };
  const v6 = parseIPv6(text);
  return v6 === null ? null : { family: 6, value: v6 };
}

/** IPv4 before IPv6, each numerically; unparsable strings last, by text. */
export function compareIps(a: string, b: string): number {
  const pa = parseIp(a);
  const pb = parseIp(b);
  if (pa && pb) {
    if (pa.family !== pb.family) return pa.family - pb.family;
    return pa.value < pb.value ? -1 : pa.value > pb.value ? 1 : 0;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function formatIp(ip: ParsedIp): string {
  if (ip.family === 4) {
    const n = Number(ip.value);
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((ip.value >> s) & 0xffffn).toString(16));
  // RFC 5952: the longest run (2+) of zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export interface IpRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

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
  const slash = text.indexOf('/');
  if (slash < 0) {
    const single = parseIp(text);
    return single ? { family: single.family, first: single.value, last: single.value } : null;
  }
  const base = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (!base || !/^\d{1,3}$/.test(bitsText)) return null;
  const width = base.family === 4 ? 32n : 128n;
  const bits = BigInt(bitsText);
  if (bits > width) return null;
  const hostMask = (1n << (width - bits)) - 1n;
  return { family: base.family, first: base.value & ~hostMask, last: base.value | hostMask };
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
