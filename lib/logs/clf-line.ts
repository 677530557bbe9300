// Traefik `common` and `genericCLF` access-log lines, parsed byte by byte.
//
// Traefik (pkg/middlewares/accesslog/logger_formatters.go) prints
//   common:     HOST - USER [02/Jan/2006:15:04:05 -0700] "METHOD PATH PROTO" STATUS SIZE "REFERER" "UA" COUNT "ROUTER" "SERVICE_URL" <N>ms
//   genericCLF: HOST - USER [02/Jan/2006:15:04:05 -0700] "METHOD PATH PROTO" STATUS SIZE "REFERER" "UA"
// Missing values print "-" (older versions print the router and service URL
// unquoted as -, newer ones as "-"). Values are not escaped: the path and the
// user agent may contain quotes, so the head is parsed forwards up to the
// status and the common tail backwards from "ms". HOST may be a whole
// X-Forwarded-For list ("203.0.113.7, 10.0.20.103") — it ends at the first " - ".
import { PROTO_NONE, protocolIndex, type LineFields } from './fields';
import { clfMinute } from './time';

export type ClfVariant = 'common' | 'genericCLF';

/** scanClfLine results: not an entry / a full `common` entry / a `genericCLF` entry. */
export const CLF_NONE = 0;
export const CLF_COMMON = 1;
export const CLF_GENERIC = 2;

const SPACE = 32;
const QUOTE = 34;
const DASH = 45;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/**
 * Scans buf[s, e) (trimmed). `accept` says which shapes count: in a `common`
 * stream a line that stops after the user agent is a cut-off line, not a
 * genericCLF entry. Returns CLF_COMMON / CLF_GENERIC and fills `out`, or CLF_NONE.
 */
export function scanClfLine(buf: Buffer, s: number, e: number, accept: ClfVariant | 'any', out: LineFields): number {
  // HOST ends at the first " - ".
  let i = s;
  while (i + 2 < e && !(buf[i] === SPACE && buf[i + 1] === DASH && buf[i + 2] === SPACE)) i++;
  if (i + 2 >= e || i === s) return CLF_NONE;
  const hostEnd = i;
  // USER, then " [".
  i += 3;
  while (i < e && !(buf[i] === LBRACKET && buf[i - 1] === SPACE)) i++;
  if (i >= e) return CLF_NONE;
  let minute = NaN;
  let after: number;
  if (buf[i + 1] === DASH && buf[i + 2] === RBRACKET) {
    after = i + 3;
  } else {
    if (buf[i + 27] !== RBRACKET) return CLF_NONE;
    minute = clfMinute(buf, i + 1);
    if (Number.isNaN(minute)) return CLF_NONE;
    after = i + 28;
  }
  if (buf[after] !== SPACE || buf[after + 1] !== QUOTE) return CLF_NONE;
  // The request line ends at the first `" STATUS SIZE "`.
  let status = -1;
  let refStart = -1;
  let reqEnd = -1;
  for (let j = after + 2; j < e; j++) {
    if (buf[j] !== QUOTE || buf[j + 1] !== SPACE) continue;
    let k = j + 2;
    let st = -1;
    if (buf[k] === DASH) k++;
    else if (isDigit(buf[k]) && isDigit(buf[k + 1]) && isDigit(buf[k + 2])) {
      st = ((buf[k] ?? 0) - 48) * 100 + ((buf[k + 1] ?? 0) - 48) * 10 + ((buf[k + 2] ?? 0) - 48);
      k += 3;
    } else continue;
    if (buf[k] !== SPACE) continue;
    k++;
    if (buf[k] === DASH) k++;
    else {
      const d = k;
      while (isDigit(buf[k])) k++;
      if (k === d) continue;
    }
    if (buf[k] !== SPACE || buf[k + 1] !== QUOTE) continue;
    status = st;
    refStart = k + 1;
    reqEnd = j;
    break;
  }
  if (refStart < 0) return CLF_NONE;

  out.src = buf;
  out.hostStart = s;
  out.hostEnd = hostEnd;
  out.hostComma = -1;
  for (let h = s; h < hostEnd; h++) {
    if (buf[h] === COMMA) {
      out.hostComma = h;
      break;
    }
  }
  out.routerStart = out.routerEnd = -1;
  out.epStart = out.epEnd = -1;
  out.svcStart = out.svcEnd = -1;
  // CLF carries only ClientHost: no peer (ClientAddr) to judge SNAT on.
  out.peerStart = out.peerEnd = -1;
  // "-" is Traefik's placeholder for a dropped ClientHost (accessLog.fields).
  out.noClient = hostEnd - s === 1 && buf[s] === DASH;
  out.proto = PROTO_NONE;
  let ps = reqEnd;
  while (ps > after + 2 && buf[ps - 1] !== SPACE) ps--;
  if (ps > after + 2) out.proto = protocolIndex(buf, ps, reqEnd);
  out.xff = false;
  out.minute = minute;
  out.status = status;

  // Common tail, backwards: COUNT "ROUTER" "URL" <N>ms
  if (buf[e - 1] === 0x73 && buf[e - 2] === 0x6d) {
    let p = e - 2;
    const d = p;
    while (p > refStart && isDigit(buf[p - 1])) p--;
    if (p === d || buf[p - 1] !== SPACE) return CLF_NONE;
    p--;
    const url = quotedBack(buf, p, refStart);
    if (url < 0 || buf[url - 1] !== SPACE) return CLF_NONE;
    p = url - 1;
    const routerTok = quotedBack(buf, p, refStart);
    if (routerTok < 0 || buf[routerTok - 1] !== SPACE) return CLF_NONE;
    if (buf[routerTok] === QUOTE && !(p - routerTok === 3 && buf[routerTok + 1] === DASH)) {
      out.routerStart = routerTok + 1;
      out.routerEnd = p - 1;
    }
    p = routerTok - 1;
    const c = p;
    if (buf[p - 1] === DASH) p--;
    else while (p > refStart && isDigit(buf[p - 1])) p--;
    if (p === c || buf[p - 1] !== SPACE) return CLF_NONE;
    p--;
    // What remains between refStart and p is `"REFERER" "UA"`.
    if (buf[p - 1] !== QUOTE || p - refStart < 7) return CLF_NONE;
    return CLF_COMMON; // a full common line is accepted in every mode
  }
  if (buf[e - 1] === QUOTE && e - refStart >= 7 && accept !== 'common') return CLF_GENERIC;
  return CLF_NONE;
}

/**
 * A token that ends just before `end`: `"…"` (no quotes inside) or `-`.
 * Returns its start index (the opening quote or the dash), or -1.
 */
function quotedBack(buf: Uint8Array, end: number, floor: number): number {
  if (buf[end - 1] === DASH && buf[end - 2] === SPACE) return end - 1;
  if (buf[end - 1] !== QUOTE) return -1;
  for (let i = end - 2; i > floor; i--) if (buf[i] === QUOTE) return i;
  return -1;
}
