// QPACK (RFC 9204), static-table only. The probe advertises a dynamic table capacity of 0
// (SETTINGS_QPACK_MAX_TABLE_CAPACITY = 0), so a conforming server never references a dynamic
// table: every field section has Required Insert Count 0 and only static or literal lines.
// Requests are encoded without Huffman (always valid); responses may use Huffman.
import { huffmanDecode } from './huffman';

/** RFC 9204 Appendix A: the 99 static table entries (index = position). */
export const STATIC_TABLE: ReadonlyArray<readonly [string, string]> = [
  [':authority', ''],
  [':path', '/'],
  ['age', '0'],
  ['content-disposition', ''],
  ['content-length', '0'],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['referer', ''],
  ['set-cookie', ''],
  [':method', 'CONNECT'],
  [':method', 'DELETE'],
  [':method', 'GET'],
  [':method', 'HEAD'],
  [':method', 'OPTIONS'],
  [':method', 'POST'],
  [':method', 'PUT'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '103'],
  [':status', '200'],
  [':status', '304'],
  [':status', '404'],
  [':status', '503'],
  ['accept', '*/*'],
  ['accept', 'application/dns-message'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['accept-ranges', 'bytes'],
  ['access-control-allow-headers', 'cache-control'],
  ['access-control-allow-headers', 'content-type'],
  ['access-control-allow-origin', '*'],
  ['cache-control', 'max-age=0'],
  ['cache-control', 'max-age=2592000'],
  ['cache-control', 'max-age=604800'],
  ['cache-control', 'no-cache'],
  ['cache-control', 'no-store'],
  ['cache-control', 'public, max-age=31536000'],
  ['content-encoding', 'br'],
  ['content-encoding', 'gzip'],
  ['content-type', 'application/dns-message'],
  ['content-type', 'application/javascript'],
  ['content-type', 'application/json'],
  ['content-type', 'application/x-www-form-urlencoded'],
  ['content-type', 'image/gif'],
  ['content-type', 'image/jpeg'],
  ['content-type', 'image/png'],
  ['content-type', 'text/css'],
  ['content-type', 'text/html; charset=utf-8'],
  ['content-type', 'text/plain'],
  ['content-type', 'text/plain;charset=utf-8'],
  ['range', 'bytes=0-'],
  ['strict-transport-security', 'max-age=31536000'],
  ['strict-transport-security', 'max-age=31536000; includesubdomains'],
  ['strict-transport-security', 'max-age=31536000; includesubdomains; preload'],
  ['vary', 'accept-encoding'],
  ['vary', 'origin'],
  ['x-content-type-options', 'nosniff'],
  ['x-xss-protection', '1; mode=block'],
  [':status', '100'],
  [':status', '204'],
  [':status', '206'],
  [':status', '302'],
  [':status', '400'],
  [':status', '403'],
  [':status', '421'],
  [':status', '425'],
  [':status', '500'],
  ['accept-language', ''],
  ['access-control-allow-credentials', 'FALSE'],
  ['access-control-allow-credentials', 'TRUE'],
  ['access-control-allow-headers', '*'],
  ['access-control-allow-methods', 'get'],
  ['access-control-allow-methods', 'get, post, options'],
  ['access-control-allow-methods', 'options'],
  ['access-control-expose-headers', 'content-length'],
  ['access-control-request-headers', 'content-type'],
  ['access-control-request-method', 'get'],
  ['access-control-request-method', 'post'],
  ['alt-svc', 'clear'],
  ['authorization', ''],
  ['content-security-policy', "script-src 'none'; object-src 'none'; base-uri 'none'"],
  ['early-data', '1'],
  ['expect-ct', ''],
  ['forwarded', ''],
  ['if-range', ''],
  ['origin', ''],
  ['purpose', 'prefetch'],
  ['server', ''],
  ['timing-allow-origin', '*'],
  ['upgrade-insecure-requests', '1'],
  ['user-agent', ''],
  ['x-forwarded-for', ''],
  ['x-frame-options', 'deny'],
  ['x-frame-options', 'sameorigin'],
];

export class QpackError extends Error {}

export type HeaderField = readonly [name: string, value: string];

// ---- integers and strings (RFC 7541 §5.1/§5.2, reused by RFC 9204 §4.1) ----

/** Encodes `value` with an N-bit prefix; `flags` are the bits above the prefix in the first byte. */
export function encodePrefixedInt(value: number, prefixBits: number, flags: number): number[] {
  const max = 2 ** prefixBits - 1;
  if (value < max) return [flags | value];
  const out = [flags | max];
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** Decodes an N-bit-prefix integer at `pos`; returns the value and the position after it. */
export function decodePrefixedInt(buf: Uint8Array, pos: number, prefixBits: number): { value: number; next: number } {
  const first = buf[pos];
  if (first === undefined) throw new QpackError('truncated integer');
  const max = 2 ** prefixBits - 1;
  let value = first & max;
  let next = pos + 1;
  if (value < max) return { value, next };
  let scale = 1;
  for (;;) {
    const b = buf[next];
    if (b === undefined) throw new QpackError('truncated integer');
    next++;
    value += (b & 0x7f) * scale;
    if (value > Number.MAX_SAFE_INTEGER / 2) throw new QpackError('integer too large');
    if ((b & 0x80) === 0) return { value, next };
    scale *= 128;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** A raw (non-Huffman) string literal whose length uses a `prefixBits`-bit prefix under `flags`. */
function encodeStringLiteral(value: string, prefixBits: number, flags: number): number[] {
  const bytes = encoder.encode(value);
  return [...encodePrefixedInt(bytes.length, prefixBits, flags), ...bytes];
}

/** Decodes a string literal whose H flag sits just above a `prefixBits`-bit length prefix. */
function decodeStringLiteral(buf: Uint8Array, pos: number, prefixBits: number): { value: string; next: number } {
  const first = buf[pos];
  if (first === undefined) throw new QpackError('truncated string');
  const huffman = (first & (1 << prefixBits)) !== 0;
  const { value: length, next } = decodePrefixedInt(buf, pos, prefixBits);
  const end = next + length;
  if (end > buf.length) throw new QpackError('truncated string');
  const raw = buf.subarray(next, end);
  return { value: decoder.decode(huffman ? huffmanDecode(raw) : raw), next: end };
}

function staticEntry(index: number): readonly [string, string] {
  const entry = STATIC_TABLE[index];
  if (!entry) throw new QpackError(`static table index ${index} out of range`);
  return entry;
}

// ---- encoding a request ----

export interface RequestHead {
  method: 'GET' | 'HEAD';
  authority: string;
  path: string;
  userAgent?: string;
}

/** Encodes a GET/HEAD request field section using only the static table and raw literals. */
export function encodeRequestHeaders(req: RequestHead): Uint8Array {
  // Field section prefix: Required Insert Count 0, Delta Base 0.
  const out: number[] = [0x00, 0x00];
  const indexed = (index: number) => out.push(...encodePrefixedInt(index, 6, 0xc0)); // 11xxxxxx: static indexed
  const literalWithNameRef = (index: number, value: string) => {
    out.push(...encodePrefixedInt(index, 4, 0x50)); // 0101xxxx: literal, N=0, static name
    out.push(...encodeStringLiteral(value, 7, 0x00));
  };
  indexed(req.method === 'GET' ? 17 : 18);
  indexed(23); // :scheme https
  literalWithNameRef(0, req.authority);
  if (req.path === '/') indexed(1);
  else literalWithNameRef(1, req.path);
  if (req.userAgent) literalWithNameRef(95, req.userAgent);
  return Uint8Array.from(out);
}

// ---- decoding a response ----

/** Decodes a field section (the payload of a HEADERS frame). Throws QpackError on anything dynamic. */
export function decodeFieldSection(buf: Uint8Array): HeaderField[] {
  const ric = decodePrefixedInt(buf, 0, 8);
  if (ric.value !== 0) throw new QpackError('field section references the dynamic table, which the probe disabled');
  const base = decodePrefixedInt(buf, ric.next, 7);
  let pos = base.next;
  const fields: HeaderField[] = [];
  while (pos < buf.length) {
    const b = buf[pos] ?? 0;
    if ((b & 0x80) !== 0) {
      // 1Txxxxxx: indexed field line.
      if ((b & 0x40) === 0) throw new QpackError('indexed field line references the dynamic table');
      const idx = decodePrefixedInt(buf, pos, 6);
      fields.push(staticEntry(idx.value));
      pos = idx.next;
    } else if ((b & 0x40) !== 0) {
      // 01NTxxxx: literal field line with name reference.
      if ((b & 0x10) === 0) throw new QpackError('literal field line references a dynamic name');
      const idx = decodePrefixedInt(buf, pos, 4);
      const value = decodeStringLiteral(buf, idx.next, 7);
      fields.push([staticEntry(idx.value)[0], value.value]);
      pos = value.next;
    } else if ((b & 0x20) !== 0) {
      // 001NHxxx: literal field line with literal name (H at bit 3, 3-bit length prefix).
      const name = decodeStringLiteral(buf, pos, 3);
      const value = decodeStringLiteral(buf, name.next, 7);
      fields.push([name.value, value.value]);
      pos = value.next;
    } else {
      // 0001xxxx / 0000xxxx: post-base forms, only meaningful with a dynamic table.
      throw new QpackError('post-base field line references the dynamic table');
    }
  }
  return fields;
}
