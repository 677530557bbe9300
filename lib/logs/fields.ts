// What a line scanner extracts from one access-log entry: byte ranges into a
// buffer, so the hot loop can intern values without making strings.

export interface LineFields {
  /** The buffer the ranges below point into (the log chunk, or a scratch buffer on the slow path). */
  src: Buffer;
  /** ClientHost value: one address, or a whole X-Forwarded-For list. */
  hostStart: number;
  hostEnd: number;
  /** Index of the first ',' in the ClientHost value, or -1 (a list means the value came from X-Forwarded-For). */
  hostComma: number;
  /** ClientAddr value (the TCP peer, "host:port"), or -1/-1 when the entry has none (CLF, or the field is dropped). */
  peerStart: number;
  peerEnd: number;
  /** RequestProtocol as a PROTO_* index, or PROTO_NONE. */
  proto: number;
  /** A Traefik entry without a client field (accessLog.fields dropped ClientHost): no host range. */
  noClient: boolean;
  /** RouterName value, or -1/-1 when absent. */
  routerStart: number;
  routerEnd: number;
  /** entryPointName value, or -1/-1 when absent (always absent in CLF). */
  epStart: number;
  epEnd: number;
  /** ServiceName value (the Traefik service, e.g. "mail-mailserver-smtp@kubernetes"), or -1/-1 when absent (always in CLF). */
  svcStart: number;
  svcEnd: number;
  /** A non-empty request_X-Forwarded-For header was kept in the entry. */
  xff: boolean;
  /** Epoch minute of the entry, NaN when it has no usable timestamp. */
  minute: number;
  /** DownstreamStatus, -1 when unknown or not asked for. */
  status: number;
}

export function newLineFields(): LineFields {
  return {
    src: Buffer.alloc(0),
    hostStart: 0,
    hostEnd: 0,
    hostComma: -1,
    peerStart: -1,
    peerEnd: -1,
    proto: -1,
    noClient: false,
    routerStart: -1,
    routerEnd: -1,
    epStart: -1,
    epEnd: -1,
    svcStart: -1,
    svcEnd: -1,
    xff: false,
    minute: NaN,
    status: -1,
  };
}

/** RequestProtocol values, as counter indexes. */
export const PROTO_NONE = -1;
export const PROTOCOLS = ['HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0', 'HTTP/3.0', 'other'] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];
export const PROTO_H3 = 3;
export const PROTO_OTHER = 4;

/** RequestProtocol bytes buf[s, e) → PROTO_* index ("HTTP/1.1" → 1); PROTO_NONE for an empty value or "-". */
export function protocolIndex(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  if (len <= 0 || (len === 1 && buf[s] === 45)) return PROTO_NONE;
  // "HTTP/x.y": 72 84 84 80 47 x 46 y
  if (len === 8 && buf[s] === 72 && buf[s + 1] === 84 && buf[s + 2] === 84 && buf[s + 3] === 80 && buf[s + 4] === 47 && buf[s + 6] === 46) {
    const major = buf[s + 5];
    const minor = buf[s + 7];
    if (major === 49 && minor === 49) return 1;
    if (major === 50 && minor === 48) return 2;
    if (major === 51 && minor === 48) return 3;
    if (major === 49 && minor === 48) return 0;
  }
  return PROTO_OTHER;
}

/** A parsed entry as plain values (for tests, the API and small inputs). */
export interface LogRecord {
  /** ClientHost exactly as logged (may be an X-Forwarded-For list). */
  clientHost: string;
  /** The originating address: the first entry of the list, without port or brackets. */
  client: string;
  /** ClientAddr's host (the TCP peer, after a trusted PROXY header), or null when the entry has no ClientAddr. */
  peer: string | null;
  /**
   * The address came from X-Forwarded-For: ClientHost differs from ClientAddr's host (Traefik
   * logs the X-Forwarded-For value it accepted), is a list, or a request_X-Forwarded-For header was kept.
   */
  forwarded: boolean;
  /** RequestProtocol ("HTTP/2.0"), or null. */
  protocol: string | null;
  /** RouterName, "-" when the entry has none (no router matched). */
  router: string;
  entryPoint: string | null;
  /** Minute start, ISO 8601 UTC, or null. */
  minute: string | null;
  status: number | null;
}

/** Start/end of ClientAddr's host (without port or brackets), or [-1, -1]. */
export function peerHostRange(f: LineFields): [number, number] {
  const src = f.src;
  const s = f.peerStart;
  const e = f.peerEnd;
  if (s < 0 || e <= s) return [-1, -1];
  if (src[s] === 91) {
    const close = src.indexOf(93, s);
    return close > s && close < e ? [s + 1, close] : [-1, -1];
  }
  // Go's RemoteAddr is host:port; an IPv6 host without brackets has several colons: keep it whole.
  let colon = -1;
  for (let i = e - 1; i >= s; i--) {
    if (src[i] === 58) {
      if (colon >= 0) return [s, e];
      colon = i;
    }
  }
  return colon > s ? [s, colon] : [s, e];
}

/**
 * Is ClientAddr exactly ClientHost + ":port" (or "[" ClientHost "]:port" for IPv6) — the entry
 * carries no X-Forwarded-For? One pass over the host bytes; false means "look closer", not "differs".
 */
export function peerHasHost(f: LineFields): boolean {
  const src = f.src;
  const hs = f.hostStart;
  const len = f.hostEnd - hs;
  let ps = f.peerStart;
  if (src[ps] === 91) {
    ps++;
    if (src[ps + len] !== 93 || src[ps + len + 1] !== 58) return false;
  } else if (src[ps + len] !== 58) {
    return false;
  }
  if (ps + len >= f.peerEnd) return false;
  for (let i = 0; i < len; i++) if (src[ps + i] !== src[hs + i]) return false;
  return true;
}

/** Does ClientAddr's host equal the whole ClientHost value (the entry carries no X-Forwarded-For)? */
export function peerIsHost(f: LineFields, ps: number, pe: number): boolean {
  const len = pe - ps;
  if (len !== f.hostEnd - f.hostStart) return false;
  const src = f.src;
  const hs = f.hostStart;
  for (let i = 0; i < len; i++) if (src[ps + i] !== src[hs + i]) return false;
  return true;
}

/** Start/end of the first entry of the ClientHost value, spaces trimmed. */
export function firstHostRange(f: LineFields): [number, number] {
  const src = f.src;
  let s = f.hostStart;
  let e = f.hostComma >= 0 ? f.hostComma : f.hostEnd;
  while (s < e && src[s] === 32) s++;
  while (e > s && src[e - 1] === 32) e--;
  return [s, e];
}
