// HPACK/QPACK Huffman decoding (RFC 7541 Appendix B; QPACK reuses it, RFC 9204 §4.1.2).
// The code is canonical, so the table is just the 257 code lengths (symbols 0..255 and EOS=256);
// the codes follow from sorting by (length, symbol). Servers Huffman-encode most header values,
// so the H3 probe must decode them; it never needs to encode (literals are sent raw).

/** Code length in bits for each symbol 0..255 and EOS (index 256). */
const CODE_LENGTHS: readonly number[] = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
  28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
  5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
  6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
  24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
  21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
  19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
  26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;
const MAX_LEN = 30;

interface CanonicalTable {
  /** First code of each length (index = length). */
  firstCode: number[];
  /** Number of codes of each length. */
  count: number[];
  /** Index into `symbols` where each length starts. */
  offset: number[];
  /** Symbols sorted by (length, symbol). */
  symbols: number[];
}

function buildTable(): CanonicalTable {
  const symbols = CODE_LENGTHS.map((_, s) => s).sort((a, b) => (CODE_LENGTHS[a] ?? 0) - (CODE_LENGTHS[b] ?? 0) || a - b);
  const firstCode: number[] = new Array<number>(MAX_LEN + 1).fill(0);
  const count: number[] = new Array<number>(MAX_LEN + 1).fill(0);
  const offset: number[] = new Array<number>(MAX_LEN + 1).fill(0);
  for (const len of CODE_LENGTHS) count[len] = (count[len] ?? 0) + 1;
  let code = 0;
  let index = 0;
  for (let len = 1; len <= MAX_LEN; len++) {
    firstCode[len] = code;
    offset[len] = index;
    const n = count[len] ?? 0;
    code = (code + n) * 2;
    index += n;
  }
  return { firstCode, count, offset, symbols };
}

const TABLE = buildTable();

/** The canonical code of a symbol (exposed for tests: the table must reproduce RFC 7541 examples). */
export function huffmanCode(symbol: number): { code: number; length: number } {
  const length = CODE_LENGTHS[symbol];
  if (length === undefined) throw new RangeError(`no Huffman symbol ${symbol}`);
  const rank = TABLE.symbols.indexOf(symbol) - (TABLE.offset[length] ?? 0);
  return { code: (TABLE.firstCode[length] ?? 0) + rank, length };
}

export class HuffmanError extends Error {}

/** Decodes a Huffman-coded string literal to bytes. Rejects EOS in the data and bad padding (RFC 7541 §5.2). */
export function huffmanDecode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let code = 0;
  let len = 0;
  for (const byte of input) {
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1);
      len++;
      const n = TABLE.count[len] ?? 0;
      const first = TABLE.firstCode[len] ?? 0;
      if (n > 0 && code - first < n && code >= first) {
        const symbol = TABLE.symbols[(TABLE.offset[len] ?? 0) + code - first];
        if (symbol === undefined || symbol === EOS) throw new HuffmanError('EOS symbol inside a Huffman string');
        out.push(symbol);
        code = 0;
        len = 0;
      } else if (len >= MAX_LEN) {
        throw new HuffmanError('invalid Huffman code');
      }
    }
  }
  // Leftover bits are padding: fewer than 8, and all ones (a prefix of EOS).
  if (len > 7) throw new HuffmanError('Huffman padding longer than 7 bits');
  if (len > 0 && code !== 2 ** len - 1) throw new HuffmanError('Huffman padding is not all ones');
  return Uint8Array.from(out);
}
