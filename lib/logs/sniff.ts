// What the head of an input looks like, before it is read as a log: text, gzip (rotated
// access.log.1.gz: read through gunzip), or something that is not a text log at all
// (UTF-16, another compressor, binary) — which is unreadable input, said in one line.

export type InputKind =
  | { kind: 'text' }
  | { kind: 'gzip' }
  | { kind: 'unreadable'; looksLike: string };

/** Bytes worth sniffing: enough for a few log lines. */
export const SNIFF_BYTES = 4096;

const startsWith = (b: Uint8Array, ...bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);

/**
 * Sniffs the first bytes of an input. `head` may be shorter than SNIFF_BYTES (a small input).
 * An empty head is text (an empty log).
 */
export function sniffInput(head: Uint8Array): InputKind {
  if (head.length >= 2 && startsWith(head, 0x1f, 0x8b)) return { kind: 'gzip' };
  if (startsWith(head, 0xff, 0xfe)) return { kind: 'unreadable', looksLike: 'UTF-16 little-endian text (byte-order mark FF FE); convert it first: iconv -f UTF-16 -t UTF-8' };
  if (startsWith(head, 0xfe, 0xff)) return { kind: 'unreadable', looksLike: 'UTF-16 big-endian text (byte-order mark FE FF); convert it first: iconv -f UTF-16 -t UTF-8' };
  if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) return { kind: 'unreadable', looksLike: 'zstd-compressed data; decompress it first (zstd -dc FILE | edgelens logs -)' };
  if (startsWith(head, 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return { kind: 'unreadable', looksLike: 'xz-compressed data; decompress it first (xz -dc FILE | edgelens logs -)' };
  if (startsWith(head, 0x42, 0x5a, 0x68)) return { kind: 'unreadable', looksLike: 'bzip2-compressed data; decompress it first (bzip2 -dc FILE | edgelens logs -)' };
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) return { kind: 'unreadable', looksLike: 'a zip archive; extract the log first' };
  const n = Math.min(head.length, SNIFF_BYTES);
  let nul = 0;
  let evenNul = 0;
  let oddNul = 0;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i] ?? 0;
    if (c === 0) {
      nul++;
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    } else if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 27) control++;
  }
  // UTF-16 without a byte-order mark: every other byte is NUL for ASCII text.
  if (n >= 16 && oddNul > n * 0.4 && evenNul < n * 0.05) return { kind: 'unreadable', looksLike: 'UTF-16 little-endian text (every other byte is NUL); convert it first: iconv -f UTF-16LE -t UTF-8' };
  if (n >= 16 && evenNul > n * 0.4 && oddNul < n * 0.05) return { kind: 'unreadable', looksLike: 'UTF-16 big-endian text (every other byte is NUL); convert it first: iconv -f UTF-16BE -t UTF-8' };
  if (nul > 0 || control > n * 0.1) {
    return { kind: 'unreadable', looksLike: `binary data, not a text log (${nul} NUL and ${control} other control bytes in the first ${n} bytes)` };
  }
  return { kind: 'text' };
}
