// Word-at-a-time byte helpers for the hot loop.
//
// Reading a Uint8Array one byte at a time costs a bounds check per byte;
// DataView.getInt32 (inlined by V8's optimizing compiler) compares or scans
// four bytes per step. Needles are pre-split into little-endian words.

export interface Needle {
  readonly bytes: Uint8Array;
  /** The first ⌊length/4⌋ words of `bytes`, little-endian. */
  readonly words: Int32Array;
}

export function needle(text: string): Needle {
  const bytes = Buffer.from(text, 'latin1');
  const words = new Int32Array(bytes.length >> 2);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < words.length; i++) words[i] = dv.getInt32(i * 4, true);
  return { bytes, words };
}

export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Does buf[at, at + needle length) equal the needle? False when out of bounds. */
export function matchNeedle(dv: DataView, buf: Uint8Array, at: number, n: Needle): boolean {
  const bytes = n.bytes;
  const len = bytes.length;
  if (at < 0 || at + len > buf.length) return false;
  const words = n.words;
  const nw = words.length;
  for (let i = 0; i < nw; i++) if (dv.getInt32(at + i * 4, true) !== words[i]) return false;
  for (let j = nw * 4; j < len; j++) if (buf[at + j] !== bytes[j]) return false;
  return true;
}

const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;

/**
 * Index of the first `"` or `\` in buf[from, to), or `to` when there is none.
 * Four bytes per step: a word holds the byte when (w ^ pattern) has a zero byte.
 */
export function findQuoteOrBackslash(dv: DataView, buf: Uint8Array, from: number, to: number): number {
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const w = dv.getInt32(i, true);
    const q = w ^ QUOTES;
    const b = w ^ BACKSLASHES;
    if ((((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS) break;
  }
  for (; i < to; i++) {
    const c = buf[i];
    if (c === 0x22 || c === 0x5c) return i;
  }
  return to;
}
