// Interning of byte strings (client addresses, router and entrypoint names)
// straight from the log buffer.
//
// The hot loop sees the same few hundred values millions of times. Making a JS
// string for each occurrence just to look it up in a Map would allocate per
// line; instead the bytes are hashed in place, four at a time, and compared
// word by word against an arena copy. A string is made only the first time a
// value is seen (by the caller, from the returned new id).
import { viewOf } from './bytes';

const EMPTY = -1;

export class ByteTable {
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array;
  private offsets: Int32Array;
  private lengths: Int32Array;
  private splits: Int32Array;
  private arena: Uint8Array;
  private arenaView: DataView;
  private arenaUsed = 0;
  // DataView of the last buffer looked up in: buffers change once per chunk.
  private lastBuf: Uint8Array | null = null;
  private lastView: DataView | null = null;
  /** Number of distinct keys; ids are 0 … size−1 in order of first appearance. */
  size = 0;

  constructor(initialCapacity = 256) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.hashes = new Int32Array(initialCapacity);
    this.offsets = new Int32Array(initialCapacity);
    this.lengths = new Int32Array(initialCapacity);
    this.splits = new Int32Array(initialCapacity);
    this.arena = new Uint8Array(initialCapacity * 16);
    this.arenaView = viewOf(this.arena);
  }

  /** The id of buf[s, e), or -1 when it has not been seen. */
  find(buf: Uint8Array, s: number, e: number): number {
    return this.lookup(buf, s, e, 0, 0, false);
  }

  /** The id of buf[s, e), adding it when new. */
  intern(buf: Uint8Array, s: number, e: number): number {
    return this.lookup(buf, s, e, 0, 0, true);
  }

  /**
   * The id of the pair (buf[s1, e1), buf[s2, e2)) — e.g. router and
   * entrypoint — adding it when new: one probe instead of two.
   */
  intern2(buf: Uint8Array, s1: number, e1: number, s2: number, e2: number): number {
    return this.lookup(buf, s1, e1, s2, e2, true);
  }

  /** The id of a pair, or -1 when it has not been seen. */
  find2(buf: Uint8Array, s1: number, e1: number, s2: number, e2: number): number {
    return this.lookup(buf, s1, e1, s2, e2, false);
  }

  /** Length of the first part of a pair key. */
  splitOf(id: number): number {
    return this.splits[id] ?? 0;
  }

  private view(buf: Uint8Array): DataView {
    if (buf !== this.lastBuf || this.lastView === null) {
      this.lastBuf = buf;
      this.lastView = viewOf(buf);
    }
    return this.lastView;
  }

  private same(dv: DataView, buf: Uint8Array, s: number, e: number, off: number): boolean {
    const av = this.arenaView;
    let j = s;
    while (j + 4 <= e) {
      if (av.getInt32(off, true) !== dv.getInt32(j, true)) return false;
      j += 4;
      off += 4;
    }
    const arena = this.arena;
    while (j < e) {
      if (arena[off] !== buf[j]) return false;
      j++;
      off++;
    }
    return true;
  }

  private lookup(buf: Uint8Array, s1: number, e1: number, s2: number, e2: number, insert: boolean): number {
    const dv = this.view(buf);
    const len1 = e1 - s1;
    const len = len1 + (e2 - s2);
    let h = mix(dv, buf, s1, e1, len1 | 0);
    if (e2 > s2) h = mix(dv, buf, s2, e2, h ^ 0x5bd1e995);
    h ^= h >>> 13;

    const slots = this.slots;
    let slot = h & this.mask;
    for (;;) {
      const id = slots[slot] ?? EMPTY;
      if (id === EMPTY) break;
      if (this.hashes[id] === h && this.lengths[id] === len && this.splits[id] === len1) {
        const off = this.offsets[id] ?? 0;
        if (this.same(dv, buf, s1, e1, off) && (e2 <= s2 || this.same(dv, buf, s2, e2, off + len1))) return id;
      }
      slot = (slot + 1) & this.mask;
    }
    if (!insert) return EMPTY;
    const id = this.size++;
    this.ensureCapacity(id, len);
    this.hashes[id] = h;
    this.offsets[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.splits[id] = len1;
    this.arena.set(buf.subarray(s1, e1), this.arenaUsed);
    if (e2 > s2) this.arena.set(buf.subarray(s2, e2), this.arenaUsed + len1);
    this.arenaUsed += len;
    this.slots[slot] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private ensureCapacity(id: number, len: number): void {
    if (id >= this.hashes.length) {
      const n = this.hashes.length * 2;
      this.hashes = grow(this.hashes, n);
      this.offsets = grow(this.offsets, n);
      this.lengths = grow(this.lengths, n);
      this.splits = grow(this.splits, n);
    }
    // +4: a word read at the end of the last key must stay inside the arena.
    if (this.arenaUsed + len + 4 > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len + 4));
      next.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = next;
      this.arenaView = viewOf(next);
    }
  }

  private rehash(): void {
    const cap = this.slots.length * 2;
    const slots = new Int32Array(cap).fill(EMPTY);
    const mask = cap - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = (this.hashes[id] ?? 0) & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Hash step over buf[s, e), four bytes at a time. */
function mix(dv: DataView, buf: Uint8Array, s: number, e: number, h: number): number {
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = Math.imul(h ^ dv.getInt32(i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < e; i++) h = Math.imul(h ^ (buf[i] ?? 0), 0x01000193);
  return h;
}

function grow(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
