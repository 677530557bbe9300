// HTTP/3 framing (RFC 9114 §7) over QUIC variable-length integers (RFC 9000 §16).
// Pure byte code: the exchange feeds stream chunks in and gets whole frames out.
import { encodeRequestHeaders, decodeFieldSection, type HeaderField, type RequestHead } from './qpack';

export const FRAME_DATA = 0x00;
export const FRAME_HEADERS = 0x01;
export const FRAME_SETTINGS = 0x04;
export const STREAM_TYPE_CONTROL = 0x00;
export const SETTINGS_QPACK_MAX_TABLE_CAPACITY = 0x01;
export const SETTINGS_QPACK_BLOCKED_STREAMS = 0x07;

export class H3FrameError extends Error {}

export function encodeVarint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`bad varint ${value}`);
  if (value < 0x40) return [value];
  if (value < 0x4000) return [0x40 | (value >> 8), value & 0xff];
  if (value < 0x40000000) return [0x80 | (value >>> 24), (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  const hi = Math.floor(value / 2 ** 32);
  const lo = value >>> 0;
  return [0xc0 | (hi >>> 24), (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff, lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff];
}

/** Decodes a varint at `pos`, or returns null when the buffer ends first (more bytes needed). */
export function decodeVarint(buf: Uint8Array, pos: number): { value: number; next: number } | null {
  const first = buf[pos];
  if (first === undefined) return null;
  const length = 1 << (first >> 6);
  if (pos + length > buf.length) return null;
  let value = first & 0x3f;
  for (let i = 1; i < length; i++) value = value * 256 + (buf[pos + i] ?? 0);
  return { value, next: pos + length };
}

export function encodeFrame(type: number, payload: Uint8Array): Uint8Array {
  return Uint8Array.from([...encodeVarint(type), ...encodeVarint(payload.length), ...payload]);
}

/**
 * The client control stream preamble: stream type 0x00, then SETTINGS with a zero QPACK dynamic
 * table and no blocked streams. The control stream must stay open for the connection's lifetime.
 */
export function controlStreamPreamble(): Uint8Array {
  const settings = Uint8Array.from([
    ...encodeVarint(SETTINGS_QPACK_MAX_TABLE_CAPACITY),
    ...encodeVarint(0),
    ...encodeVarint(SETTINGS_QPACK_BLOCKED_STREAMS),
    ...encodeVarint(0),
  ]);
  return Uint8Array.from([STREAM_TYPE_CONTROL, ...encodeFrame(FRAME_SETTINGS, settings)]);
}

/** The whole request stream payload: one HEADERS frame (the caller closes the stream after it). */
export function requestFrames(head: RequestHead): Uint8Array {
  return encodeFrame(FRAME_HEADERS, encodeRequestHeaders(head));
}

export interface ResponseHead {
  status: number;
  headers: HeaderField[];
}

/**
 * Incremental parser for a response on a request stream: HEADERS (possibly after 1xx
 * informational HEADERS), DATA frames, optional trailing HEADERS. Unknown frame types are
 * skipped (RFC 9114 §9: reserved/grease types must be ignored).
 */
export class ResponseParser {
  private buffer: Uint8Array = new Uint8Array(0);
  head: ResponseHead | null = null;
  bodyBytes = 0;

  /** Feeds a chunk; returns true once the final response HEADERS has been parsed. */
  push(chunk: Uint8Array): boolean {
    this.buffer = this.buffer.length === 0 ? chunk : concat(this.buffer, chunk);
    for (;;) {
      const type = decodeVarint(this.buffer, 0);
      if (!type) break;
      const length = decodeVarint(this.buffer, type.next);
      if (!length) break;
      const end = length.next + length.value;
      if (type.value === FRAME_DATA) {
        // DATA payload need not be buffered whole: count what arrived and consume it.
        if (!this.head) throw new H3FrameError('DATA frame before response HEADERS');
        const available = Math.min(end, this.buffer.length) - length.next;
        this.bodyBytes += available;
        if (end > this.buffer.length) {
          // Rewrite the remaining part as a shorter DATA frame header so later chunks continue it.
          const rest = length.value - available;
          this.buffer = Uint8Array.from([...encodeVarint(FRAME_DATA), ...encodeVarint(rest)]);
          break;
        }
        this.buffer = this.buffer.subarray(end);
        continue;
      }
      if (end > this.buffer.length) break;
      const payload = this.buffer.subarray(length.next, end);
      this.buffer = this.buffer.subarray(end);
      if (type.value === FRAME_HEADERS) this.onHeaders(payload);
      else if (type.value === FRAME_SETTINGS || type.value === 0x03 || type.value === 0x07 || type.value === 0x0d) {
        // SETTINGS, CANCEL_PUSH, GOAWAY, MAX_PUSH_ID are control-stream-only (H3_FRAME_UNEXPECTED).
        throw new H3FrameError(`frame type 0x${type.value.toString(16)} is not allowed on a request stream`);
      }
      // Anything else (PUSH_PROMISE we never enabled, grease, extensions) is ignored.
    }
    return this.head !== null;
  }

  private onHeaders(payload: Uint8Array): void {
    if (this.head) return; // trailers: nothing the probe needs
    const fields = decodeFieldSection(payload);
    const statusField = fields.find(([name]) => name === ':status');
    if (!statusField) throw new H3FrameError('response HEADERS without :status');
    const status = Number(statusField[1]);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new H3FrameError(`invalid :status ${statusField[1]}`);
    if (status < 200) return; // informational; the final response follows
    this.head = { status, headers: fields.filter(([name]) => !name.startsWith(':')) };
  }

  /** True when bytes of an unfinished frame are still buffered (the stream ended mid-frame). */
  get hasPartialFrame(): boolean {
    return this.buffer.length > 0;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function headerValue(headers: readonly HeaderField[], name: string): string | null {
  const values = headers.filter(([n]) => n === name).map(([, v]) => v);
  return values.length > 0 ? values.join(', ') : null;
}
