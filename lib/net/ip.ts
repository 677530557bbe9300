// IP address parsing and formatting without dependencies.
//
// IPv4 addresses are handled as unsigned 32-bit numbers, IPv6 addresses as
// eight 16-bit words. An IPv4-mapped IPv6 address (::ffff:a.b.c.d) parses as
// the IPv4 address it carries (with `mapped: true`), because that is what a
// dual-stack listener reports for an IPv4 client and it must classify as one.
//
// The parsers walk the string with charCodeAt and never split or allocate
// substrings: the log classifier calls them once per distinct client.
//
// The defaults are lenient for log classification (a zone is dropped, a
// mapped address is IPv4). ParseIpOptions tightens or loosens them for the
// other readers; parseIpStrict is the reading for text that is written back
// into configuration (the HAProxy generator), where unusual spellings must be
// rejected, not rewritten.

export interface ParsedIPv4 {
  readonly version: 4;
  /** The address as an unsigned 32-bit integer. */
  readonly value: number;
  /** True when written as an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
  readonly mapped: boolean;
}

export interface ParsedIPv6 {
  readonly version: 6;
  /** Eight 16-bit words, most significant first. */
  readonly words: readonly number[];
}

export type ParsedIp = ParsedIPv4 | ParsedIPv6;

export interface ParseIpOptions {
  /** Read ::ffff:a.b.c.d (::ffff:0:0/96) as the IPv4 address it carries. Default true; false keeps it IPv6. */
  readonly mapIPv4?: boolean;
  /** Accept an IPv6 zone ("fe80::1%eth0") and drop it. Default true; false rejects the address. */
  readonly zone?: boolean;
  /** Accept leading zeros in IPv4 octets, read as decimal ("010" is 10). Default false. */
  readonly leadingZeros?: boolean;
}

/** The defaults, shared so the hot paths allocate no options object per call. */
const LENIENT_IP: ParseIpOptions = {};

/** Nothing unusual: no zone, no leading zeros; an IPv4-mapped address stays IPv6 as written. */
export const STRICT_IP: ParseIpOptions = { mapIPv4: false, zone: false, leadingZeros: false };

const DOT = 46;
const COLON = 58;

/**
 * Parses a dotted-quad IPv4 address in s[start, end). Returns the address as
 * an unsigned 32-bit number, or -1. Leading zeros are rejected (like Go's
 * net.ParseIP since 1.17) because "010" is octal to some tools and decimal to
 * others, unless `leadingZeros` asks for them to be read as decimal.
 */
export function parseIPv4(s: string, start = 0, end = s.length, leadingZeros = false): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (i < end) {
    let octet = 0;
    let digits = 0;
    const first = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      digits++;
      i++;
      if (digits > 3) return -1;
    }
    if (digits === 0 || octet > 255) return -1;
    if (digits > 1 && !leadingZeros && s.charCodeAt(first) === 48) return -1;
    value = value * 256 + octet;
    octets++;
    if (i === end) break;
    if (s.charCodeAt(i) !== DOT || octets === 4) return -1;
    i++;
    if (i === end) return -1; // trailing dot
  }
  return octets === 4 ? value : -1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Parses an IPv6 address in s[start, end) into `out` (8 words). Accepts "::"
 * compression, an embedded dotted IPv4 tail and a zone ("%eth0", ignored
 * unless `opts.zone` is false). Returns false when the text is not an IPv6 address.
 */
export function parseIPv6Words(s: string, start: number, end: number, out: number[], opts: ParseIpOptions = LENIENT_IP): boolean {
  const zone = s.indexOf('%', start);
  if (zone !== -1 && zone < end) {
    if (opts.zone === false) return false;
    end = zone;
  }
  if (end - start < 2) return false;
  const head: number[] = [];
  const tail: number[] = [];
  let current = head;
  let compressed = false;
  let i = start;
  if (s.charCodeAt(i) === COLON) {
    if (s.charCodeAt(i + 1) !== COLON) return false;
    compressed = true;
    current = tail;
    i += 2;
    if (i === end) {
      for (let k = 0; k < 8; k++) out[k] = 0;
      return true;
    }
  }
  while (i < end) {
    // An embedded IPv4 address takes the last two words.
    let j = i;
    let hasDot = false;
    while (j < end) {
      const c = s.charCodeAt(j);
      if (c === COLON) break;
      if (c === DOT) hasDot = true;
      j++;
    }
    if (hasDot) {
      if (j !== end) return false;
      const v4 = parseIPv4(s, i, end, opts.leadingZeros);
      if (v4 < 0) return false;
      current.push(Math.floor(v4 / 65536), v4 % 65536);
      i = end;
      break;
    }
    if (j - i < 1 || j - i > 4) return false;
    let word = 0;
    for (let k = i; k < j; k++) {
      const h = hexValue(s.charCodeAt(k));
      if (h < 0) return false;
      word = word * 16 + h;
    }
    current.push(word);
    i = j;
    if (i === end) break;
    // i is at a colon
    if (s.charCodeAt(i + 1) === COLON) {
      if (compressed) return false;
      compressed = true;
      current = tail;
      i += 2;
      if (i === end) break;
    } else {
      i++;
      if (i === end) return false; // trailing single colon
    }
  }
  const total = head.length + tail.length;
  if (compressed ? total > 7 : total !== 8) return false;
  let k = 0;
  for (const w of head) out[k++] = w;
  for (let z = 8 - total; z > 0; z--) out[k++] = 0;
  for (const w of tail) out[k++] = w;
  return true;
}

/**
 * Parses an IPv4 or IPv6 address (no port, no brackets, no spaces). By default
 * IPv4-mapped IPv6 yields the IPv4 address; see ParseIpOptions.
 */
export function parseIp(text: string, opts: ParseIpOptions = LENIENT_IP): ParsedIp | null {
  const v4 = parseIPv4(text, 0, text.length, opts.leadingZeros);
  if (v4 >= 0) return { version: 4, value: v4, mapped: false };
  if (text.indexOf(':') === -1) return null;
  const words = [0, 0, 0, 0, 0, 0, 0, 0];
  if (!parseIPv6Words(text, 0, text.length, words, opts)) return null;
  return opts.mapIPv4 === false ? { version: 6, words } : fromWords(words);
}

/**
 * parseIp for text that is written back into configuration: rejects zone ids,
 * leading zeros, brackets, ports, spaces and names; an IPv4-mapped address
 * stays IPv6 (formatIp writes it in hex, "::ffff:c000:201").
 */
export function parseIpStrict(text: string): ParsedIp | null {
  return parseIp(text, STRICT_IP);
}

/** An IPv6 word array, or the IPv4 address it maps (::ffff:0:0/96). */
export function fromWords(words: readonly number[]): ParsedIp {
  if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff) {
    return { version: 4, value: (words[6] ?? 0) * 65536 + (words[7] ?? 0), mapped: true };
  }
  return { version: 6, words: words.slice(0, 8) };
}

export function formatIPv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run (≥ 2) of zero words as "::". */
export function formatIPv6(words: readonly number[]): string {
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
  if (bestLen < 2) bestStart = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (words[i] ?? 0).toString(16);
  }
  return out;
}

export function formatIp(ip: ParsedIp): string {
  return ip.version === 4 ? formatIPv4(ip.value) : formatIPv6(ip.words);
}

/**
 * The address part of a host as proxies write it: "[2001:db8::1]:443" →
 * "2001:db8::1", "203.0.113.7:1234" → "203.0.113.7", "fe80::1%eth0" kept
 * (the zone is dropped by the parser); surrounding spaces are trimmed.
 */
export function extractHost(text: string): string {
  let s = text.trim();
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    return close > 0 ? s.slice(1, close) : s;
  }
  const colon = s.indexOf(':');
  // Exactly one colon: IPv4 (or a name) with a port. Several colons: IPv6.
  if (colon !== -1 && s.indexOf(':', colon + 1) === -1) s = s.slice(0, colon);
  return s;
}

/** Canonical text of an address written any way extractHost accepts, or null when it is not an IP. */
export function normalizeIp(text: string): string | null {
  const ip = parseIp(extractHost(text));
  return ip ? formatIp(ip) : null;
}
