// Traefik JSON access-log lines (v2 and v3) without JSON.parse on the hot path.
//
// Traefik writes access logs with logrus' JSONFormatter: one object per line,
// no whitespace, keys sorted (so "time" — RFC 3339 — is always the last key),
// values escaped by encoding/json. v2 writes ServiceURL as a nested object,
// v3 as a string. The fast path relies only on facts that hold for any
// compact JSON, and hands every line it cannot prove to JSON.parse:
//
//  * An entry is a JSON object with a string "ClientHost". A line whose bytes
//    do not contain `ClientHost"` at all cannot be one (Traefik's own log
//    lines, `{"level":"info","msg":"Configuration loaded",…}`): not an entry.
//  * Keys are found without reading the line byte by byte: ClientHost by
//    checking Traefik's layout (`{"ClientAddr":"…","ClientHost":"`) in JS,
//    RouterName and entryPointName by a native memchr for a rare capital ('N',
//    'P') followed by a word-wise comparison of the whole key around the hit,
//    other keys with Buffer.indexOf (native memmem). A hit counts only when
//    the key's opening quote follows `,` or `{` and `":"` follows the key —
//    impossible inside a valid JSON string, where quotes are escaped. Each
//    search remembers its next hit in the current chunk, so a key missing from
//    every line (request_X-Forwarded-For) costs one scan per chunk, not one per line.
//  * Completeness: the line starts with `{` and ends with `,"time":"…"}`
//    (an unescaped string as the last value, preceded by a key and a comma),
//    so a line cut anywhere — inside a string, after a nested `}` — fails and
//    goes to JSON.parse, which rejects it. Every `{` after the first must open
//    a flat nested object (`":{…}` closed before the end, as v2's ServiceURL);
//    braces anywhere else (inside strings, two objects glued together) go to
//    JSON.parse too.
//  * Values with a backslash (escapes) go to JSON.parse.
import { PROTO_NONE, protocolIndex, type LineFields } from './fields';
import { findQuoteOrBackslash, matchNeedle, needle, viewOf } from './bytes';
import { rfc3339Minute, rfc3339MinuteOf } from './time';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

const HOST = Buffer.from('ClientHost"');
// RouterName and entryPointName are found by a native memchr for a capital
// letter that is rare in Traefik lines ('N', 'P') and checked in JS around the
// hit: a single-byte Buffer.indexOf costs a third of a multi-byte one.
const N = 0x4e;
const P = 0x50;
const ROUTER_KEY = needle('"RouterName":"'); // 'N' at index 7
const EP_KEY = needle('"entryPointName":"'); // 'P' at index 6
// request_X-Forwarded-For. Not 'X-…': user agents are full of "X11" and "Mac OS X",
// which would make every chunk-wide search for this (usually absent) key slow.
const XFF = Buffer.from('Forwarded-For":"');
const STATUS = Buffer.from('DownstreamStatus":');
// ServiceName: sorted keys put it a few keys after RouterName; absent when no router matched.
const SVC = Buffer.from('ServiceName":"');
// Traefik's keys are sorted (encoding/json of a map), so on a routed line the router's value is
// followed by ServiceAddr and then ServiceName: checked in place, with no search, before the search.
const AFTER_ROUTER_ADDR = needle('","ServiceAddr":"');
const AFTER_ADDR_SVC = needle('","ServiceName":"');
const CLIENT_ADDR_PREFIX = needle('{"ClientAddr":"');
const CLIENT_HOST_KEY = needle(',"ClientHost":"');
const TIME_KEY = needle(',"time":');
const XFF_PREFIX = needle('"request_X-');
const PEER = Buffer.from('ClientAddr"');
// RequestProtocol: found by its tail (one memmem per line, remembered across lines like the others).
const PROTO = Buffer.from('Protocol":"');
const PROTO_PREFIX = needle('"Request');
const PROTO_KEY = needle('"RequestProtocol":"');
const word = (text: string): number => Buffer.from(text, 'latin1').readInt32LE(0);
const HTTP_WORD = word('HTTP');
const H10 = word('/1.0');
const H11 = word('/1.1');
const H20 = word('/2.0');
const H30 = word('/3.0');
/**
 * Keys only Traefik's access-log entries carry (pkg/middlewares/accesslog/logdata.go): an
 * object with one of them but no ClientHost is an entry whose client field was dropped
 * (accessLog.fields.defaultMode: drop, or names.ClientHost: drop), not a malformed line.
 */
const ACCESS_LOG_KEYS = [
  'ClientAddr', 'ClientPort', 'ClientUsername', 'DownstreamStatus', 'DownstreamContentSize', 'Duration', 'OriginStatus', 'Overhead',
  'RequestAddr', 'RequestHost', 'RequestMethod', 'RequestPath', 'RequestProtocol', 'RequestCount', 'RouterName', 'ServiceName',
  'ServiceURL', 'StartUTC', 'StartLocal', 'entryPointName', 'request_Referer', 'request_User-Agent',
];

/** Scanner result: not an entry / an entry. */
export const NOT_ENTRY = 0;
export const ENTRY = 1;
const SLOW = 2;
/** protocolOf(): the line has no RequestProtocol / its value needs JSON.parse (PROTO_* indexes are -1..4). */
const NO_PROTO = -2;
const PROTO_SLOW = -3;

/** Is buf[quoteAt] the opening quote of a key: preceded by `,` or `{` (spaces allowed, for hand-written JSON)? */
function keyStart(buf: Uint8Array, quoteAt: number): boolean {
  if (buf[quoteAt] !== QUOTE) return false;
  let i = quoteAt - 1;
  let b = buf[i];
  while (b === 0x20 || b === 0x09) b = buf[--i];
  return b === COMMA || b === LBRACE;
}

export class JsonLineScanner {
  private buf: Buffer | null = null;
  private dv: DataView = viewOf(new Uint8Array(0));
  private hostPos = -1;
  private routerPos = -1;
  private epPos = -1;
  private epPos2 = -1;
  private xffPos = -1;
  private svcPos = -1;
  private peerPos = -1;
  private protoPos = -1;
  /** The last line had RequestProtocol before RouterName: look backwards from RouterName first. */
  private protoBack = true;
  private bracePos = -1;
  private scratch = Buffer.alloc(256);
  private readonly lastTime = new Uint8Array(48);
  private readonly lastTimeView = viewOf(this.lastTime);
  private lastTimeLen = -1;
  private lastTimeMinute = NaN;

  /**
   * Starts a new chunk. Lines must then be scanned in increasing order;
   * remembered needle positions are only valid within one buffer.
   */
  /**
   * Start of ServiceName's value when it sits where Traefik puts it — `","ServiceAddr":"…","ServiceName":"`
   * right after RouterName's value, or `","ServiceName":"` there — else -1 (then it is searched for).
   */
  private serviceInPlace(dv: DataView, buf: Uint8Array, routerEnd: number, e: number): number {
    if (routerEnd <= 0) return -1;
    let q = routerEnd;
    if (matchNeedle(dv, buf, q, AFTER_ROUTER_ADDR)) {
      q = valueEnd(dv, buf, q + AFTER_ROUTER_ADDR.bytes.length, e);
      if (q < 0) return -1;
    }
    return matchNeedle(dv, buf, q, AFTER_ADDR_SVC) ? q + AFTER_ADDR_SVC.bytes.length : -1;
  }

  reset(buf: Buffer): void {
    this.buf = buf;
    this.dv = viewOf(buf);
    this.hostPos = this.routerPos = this.epPos = this.epPos2 = this.xffPos = this.svcPos = this.peerPos = this.protoPos = this.bracePos = -1;
  }

  /**
   * Scans buf[s, e) (one line, already trimmed of whitespace/CR). Returns
   * ENTRY and fills `out`, or NOT_ENTRY. `wantStatus` also extracts DownstreamStatus.
   */
  scan(buf: Buffer, s: number, e: number, out: LineFields, wantStatus = false): number {
    if (buf !== this.buf) this.reset(buf);
    if (buf[s] !== LBRACE || buf[e - 1] !== RBRACE) return NOT_ENTRY;
    const r = this.fast(buf, s, e, out, wantStatus);
    return r === SLOW ? this.slow(buf, s, e, out) : r;
  }

  private fast(buf: Buffer, s: number, e: number, out: LineFields, wantStatus: boolean): number {
    const dv = this.dv;
    // (Remembered positions are read into locals and searched again only when
    // they fall before this line: one native call per key and line at most.)

    // ClientHost: Traefik's first two keys are ClientAddr and ClientHost; check that layout in JS first.
    let hv = -1;
    out.peerStart = out.peerEnd = -1;
    if (matchNeedle(dv, buf, s, CLIENT_ADDR_PREFIX)) {
      const i = findQuoteOrBackslash(dv, buf, s + CLIENT_ADDR_PREFIX.bytes.length, Math.min(e, s + 96));
      if (buf[i] === QUOTE && matchNeedle(dv, buf, i + 1, CLIENT_HOST_KEY)) {
        hv = i + 1 + CLIENT_HOST_KEY.bytes.length;
        out.peerStart = s + CLIENT_ADDR_PREFIX.bytes.length;
        out.peerEnd = i;
      }
    }
    if (hv < 0) {
      let p = this.hostPos;
      if (p < s) p = search(buf, HOST, s);
      while (p < e) {
        if (keyStart(buf, p - 1)) {
          if (buf[p + 11] !== COLON || buf[p + 12] !== QUOTE) return SLOW; // spaces, or a non-string value
          hv = p + 13;
          break;
        }
        p = search(buf, HOST, p + 1);
      }
      this.hostPos = p;
      if (hv < 0) return SLOW; // no ClientHost: Traefik's own log line, or an entry whose client field was dropped
      // ClientAddr elsewhere in the line (keys not in Traefik's order, or ClientHost kept without it).
      let a = this.peerPos;
      if (a < s) a = search(buf, PEER, s);
      while (a < e && !keyStart(buf, a - 1)) a = search(buf, PEER, a + 1);
      this.peerPos = a;
      if (a < e) {
        if (buf[a + 11] !== COLON || buf[a + 12] !== QUOTE) return SLOW;
        const end = valueEnd(dv, buf, a + 13, e);
        if (end < 0) return SLOW;
        out.peerStart = a + 13;
        out.peerEnd = end;
      }
    }
    const i = findQuoteOrBackslash(dv, buf, hv, e);
    if (i >= e || buf[i] !== QUOTE) return SLOW;
    let comma = -1;
    for (let k = hv; k < i; k++) {
      if (buf[k] === COMMA) {
        comma = k;
        break;
      }
    }
    out.src = buf;
    out.hostStart = hv;
    out.hostEnd = i;
    out.hostComma = comma;

    // Completeness and time: the line must end with ,"time":"<unescaped string>"}.
    if (buf[e - 2] !== QUOTE) return SLOW;
    let q = e - 3;
    const qlim = Math.max(hv, e - 64);
    while (q > qlim && buf[q] !== QUOTE) {
      if (buf[q] === BACKSLASH) return SLOW;
      q--;
    }
    if (buf[q] !== QUOTE || buf[q - 1] !== COLON || !matchNeedle(dv, buf, q - TIME_KEY.bytes.length, TIME_KEY)) return SLOW;
    out.minute = this.minuteOf(buf, q + 1, e - 2);

    // Every further '{' must open a flat nested object that closes before the line ends.
    let b = this.bracePos;
    if (b < s + 1) b = searchByte(buf, LBRACE, s + 1);
    while (b < e) {
      if (buf[b - 1] !== COLON) return SLOW;
      const close = buf.indexOf(RBRACE, b);
      if (close < 0 || close >= e - 1) return SLOW;
      b = searchByte(buf, LBRACE, b + 1);
      if (b < close) return SLOW;
    }
    this.bracePos = b;

    // RouterName (absent when no router matched).
    out.routerStart = out.routerEnd = -1;
    let p = this.routerPos;
    if (p < s) p = searchByte(buf, N, s);
    while (p < e && !(matchNeedle(dv, buf, p - 7, ROUTER_KEY) && keyStart(buf, p - 7))) p = searchByte(buf, N, p + 1);
    this.routerPos = p;
    let epFrom = s;
    const routerKeyAt = p < e ? p - 7 : -1;
    if (p < e) {
      const v = p - 7 + ROUTER_KEY.bytes.length;
      const end = valueEnd(dv, buf, v, e);
      if (end < 0) return SLOW;
      out.routerStart = v;
      out.routerEnd = end;
      epFrom = end;
    }

    // entryPointName: sorted keys put it after RouterName, so look there first
    // and only then in the part of the line before it.
    out.epStart = out.epEnd = -1;
    p = this.epPos;
    if (p < epFrom) p = searchByte(buf, P, epFrom);
    while (p < e && !(matchNeedle(dv, buf, p - 6, EP_KEY) && keyStart(buf, p - 6))) p = searchByte(buf, P, p + 1);
    this.epPos = p;
    if (p >= e && epFrom > s) p = this.findEpBefore(buf, s, epFrom);
    if (p < e) {
      const v = p - 6 + EP_KEY.bytes.length;
      const end = valueEnd(dv, buf, v, e);
      if (end < 0) return SLOW;
      out.epStart = v;
      out.epEnd = end;
    }

    // A kept request_X-Forwarded-For header.
    out.xff = false;
    p = this.xffPos;
    if (p < s) p = search(buf, XFF, s);
    while (p < e && !(matchNeedle(dv, buf, p - XFF_PREFIX.bytes.length, XFF_PREFIX) && keyStart(buf, p - XFF_PREFIX.bytes.length))) p = search(buf, XFF, p + 1);
    this.xffPos = p;
    if (p < e) {
      const v = p + XFF.length;
      const end = valueEnd(dv, buf, v, e);
      if (end < 0) return SLOW;
      out.xff = end > v;
    }

    // ServiceName (which Traefik service, so a router row can name its Kubernetes Service).
    // Sorted keys put it right after RouterName (and ServiceAddr): checked in place first; else a
    // short search after RouterName, then the line's head.
    out.svcStart = out.svcEnd = -1;
    let v = this.serviceInPlace(dv, buf, out.routerEnd, e);
    if (v < 0) {
      const svcFrom = out.routerEnd > 0 ? out.routerEnd : s;
      p = this.svcPos;
      if (p < svcFrom) p = search(buf, SVC, svcFrom);
      while (p < e && !keyStart(buf, p - 1)) p = search(buf, SVC, p + 1);
      this.svcPos = p;
      if (p >= e && svcFrom > s) {
        // Bounded to this line's part before RouterName, so lines without the key never scan the chunk.
        const head = buf.subarray(s, svcFrom);
        let q = head.indexOf(SVC);
        while (q >= 0 && !keyStart(buf, s + q - 1)) q = head.indexOf(SVC, q + 1);
        p = q >= 0 ? s + q : e;
      }
      v = p < e ? p + SVC.length : -1;
    }
    if (v >= 0) {
      const end = valueEnd(dv, buf, v, e);
      if (end < 0) return SLOW;
      out.svcStart = v;
      out.svcEnd = end;
    }

    // RequestProtocol ("HTTP/3.0" is the passive evidence that HTTP/3 works). Its own method keeps
    // this one small enough for V8 to inline the helpers above.
    const proto = this.protocolOf(buf, s, e, routerKeyAt);
    if (proto === PROTO_SLOW) return SLOW;
    out.proto = proto === NO_PROTO ? PROTO_NONE : proto;

    out.noClient = false;
    out.status = -1;
    if (wantStatus) out.status = statusOf(buf, s, e);
    return ENTRY;
  }

  /** RequestProtocol as a PROTO_* index, NO_PROTO when the line has none, PROTO_SLOW for an escaped value. */
  private protocolOf(buf: Buffer, s: number, e: number, routerKeyAt: number): number {
    const dv = this.dv;
    // Sorted keys put RequestProtocol a few keys before RouterName: look backwards from there first;
    // when a line lacks it, the remembered forward search takes over, so a log without the field
    // costs one scan per chunk.
    const pl = PROTO_PREFIX.bytes.length;
    let p = Infinity;
    if (routerKeyAt > s && this.protoBack) {
      // The nearest capital 'P' before RouterName (a native memrchr): RequestScheme and RetryAttempts
      // have none, so it is RequestProtocol's when the line has that key.
      const q = buf.lastIndexOf(P, routerKeyAt);
      if (q >= s + 8 && matchNeedle(dv, buf, q - 8, PROTO_KEY)) p = q;
      else this.protoBack = false;
    }
    if (p === Infinity || !keyStart(buf, p - pl)) {
      p = this.protoPos;
      if (p < s) p = search(buf, PROTO, s);
      while (p < e && !(matchNeedle(dv, buf, p - pl, PROTO_PREFIX) && keyStart(buf, p - pl))) p = search(buf, PROTO, p + 1);
      this.protoPos = p;
      if (p >= e) return NO_PROTO;
      this.protoBack = true;
    }
    const v = p + PROTO.length;
    // "HTTP/x.y" and its closing quote, read as two words.
    if (buf[v + 8] === QUOTE && v + 8 < e && dv.getInt32(v, true) === HTTP_WORD) {
      switch (dv.getInt32(v + 4, true)) {
        case H11:
          return 1;
        case H20:
          return 2;
        case H30:
          return 3;
        case H10:
          return 0;
      }
    }
    const end = valueEnd(dv, buf, v, e);
    if (end < 0) return PROTO_SLOW;
    return protocolIndex(buf, v, end);
  }

  /** entryPointName before RouterName (keys not in Traefik's sorted order): its own remembered position. */
  private findEpBefore(buf: Buffer, from: number, to: number): number {
    const dv = this.dv;
    let p = this.epPos2;
    if (p < from) p = searchByte(buf, P, from);
    while (p < to && !(matchNeedle(dv, buf, p - 6, EP_KEY) && keyStart(buf, p - 6))) p = searchByte(buf, P, p + 1);
    this.epPos2 = p;
    return p < to ? p : Infinity;
  }

  /**
   * rfc3339Minute with a one-entry cache: consecutive lines share the minute,
   * so when the date-hour-minute prefix and the zone suffix match the last
   * parsed value, its minute is reused (the seconds do not change it).
   */
  private minuteOf(buf: Buffer, vs: number, ve: number): number {
    const len = ve - vs;
    const dv = this.dv;
    const lv = this.lastTimeView;
    if (
      len === this.lastTimeLen &&
      dv.getInt32(vs, true) === lv.getInt32(0, true) &&
      dv.getInt32(vs + 4, true) === lv.getInt32(4, true) &&
      dv.getInt32(vs + 8, true) === lv.getInt32(8, true) &&
      dv.getInt32(vs + 12, true) === lv.getInt32(12, true) &&
      dv.getInt32(ve - 4, true) === lv.getInt32(len - 4, true) &&
      dv.getUint16(ve - 6, true) === lv.getUint16(len - 6, true)
    ) {
      return this.lastTimeMinute;
    }
    const m = rfc3339Minute(buf, vs, ve);
    if (len >= 20 && len <= this.lastTime.length && m === m) {
      this.lastTime.set(buf.subarray(vs, ve));
      this.lastTimeLen = len;
      this.lastTimeMinute = m;
    } else {
      this.lastTimeLen = -1;
    }
    return m;
  }

  /** JSON.parse for lines the fast path cannot prove; exact, and rare in Traefik output. */
  private slow(buf: Buffer, s: number, e: number, out: LineFields): number {
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', s, e));
    } catch {
      return NOT_ENTRY;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return NOT_ENTRY;
    const rec = value as Record<string, unknown>;
    const rawHost = rec.ClientHost;
    let host = '';
    out.noClient = false;
    if (typeof rawHost === 'string') {
      host = rawHost;
    } else {
      // Traefik writes every access-log entry with an empty msg (logrus, pkg/middlewares/accesslog/logger.go);
      // its own log lines carry a message. An entry without ClientHost still counts: as noClient.
      if (rawHost !== undefined || !(rec.msg === '' || ACCESS_LOG_KEYS.some((k) => k in rec))) return NOT_ENTRY;
      out.noClient = true;
    }
    const peer = typeof rec.ClientAddr === 'string' ? rec.ClientAddr : null;
    const proto = typeof rec.RequestProtocol === 'string' ? rec.RequestProtocol : '';
    const router = typeof rec.RouterName === 'string' ? rec.RouterName : '';
    const ep = typeof rec.entryPointName === 'string' ? rec.entryPointName : '';
    const svc = typeof rec.ServiceName === 'string' ? rec.ServiceName : '';
    const xff = rec['request_X-Forwarded-For'];
    out.xff = typeof xff === 'string' && xff.length > 0;
    const status = rec.DownstreamStatus;
    out.status = typeof status === 'number' ? status : -1;
    out.minute = NaN;
    for (const key of ['time', 'StartUTC', 'StartLocal']) {
      const t = rec[key];
      if (typeof t === 'string') {
        out.minute = rfc3339MinuteOf(t);
        break;
      }
    }
    // Copy the strings into the scratch buffer so the caller reads ranges as on the fast path.
    const need = Buffer.byteLength(host) + Buffer.byteLength(router) + Buffer.byteLength(ep) + Buffer.byteLength(svc) + Buffer.byteLength(peer ?? '') + Buffer.byteLength(proto);
    if (this.scratch.length < need) this.scratch = Buffer.alloc(need * 2);
    const sc = this.scratch;
    let at = 0;
    out.src = sc;
    out.hostStart = at;
    at += sc.write(host, at);
    out.hostEnd = at;
    const comma = sc.indexOf(COMMA, out.hostStart);
    out.hostComma = comma >= 0 && comma < out.hostEnd ? comma : -1;
    out.routerStart = at;
    at += sc.write(router, at);
    out.routerEnd = at;
    out.epStart = at;
    at += sc.write(ep, at);
    out.epEnd = at;
    out.svcStart = at;
    at += sc.write(svc, at);
    out.svcEnd = at;
    out.peerStart = out.peerEnd = -1;
    if (peer !== null) {
      out.peerStart = at;
      at += sc.write(peer, at);
      out.peerEnd = at;
    }
    const ps = at;
    at += sc.write(proto, at);
    out.proto = protocolIndex(sc, ps, at);
    return ENTRY;
  }
}

/** First position of `needle` at or after `from`, or Infinity (so "not found" compares after every line end). */
function search(buf: Buffer, needle: Uint8Array, from: number): number {
  const p = buf.indexOf(needle, from);
  return p < 0 ? Infinity : p;
}

function searchByte(buf: Buffer, byte: number, from: number): number {
  const p = buf.indexOf(byte, from);
  return p < 0 ? Infinity : p;
}

/** End of an unescaped string value starting at v, or -1 (escape or no closing quote). */
function valueEnd(dv: DataView, buf: Uint8Array, v: number, e: number): number {
  const i = findQuoteOrBackslash(dv, buf, v, e);
  return i < e && buf[i] === QUOTE ? i : -1;
}

function statusOf(buf: Buffer, s: number, e: number): number {
  let p = buf.indexOf(STATUS, s);
  while (p >= 0 && p < e && !keyStart(buf, p - 1)) p = buf.indexOf(STATUS, p + 1);
  if (p < 0 || p >= e) return -1;
  let v = 0;
  let n = 0;
  for (let i = p + STATUS.length; i < e; i++, n++) {
    const d = (buf[i] ?? 0) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  return n > 0 ? v : -1;
}
