import { describe, it, expect } from 'vitest';
import { huffmanDecode, huffmanCode, HuffmanError } from './huffman';
import { decodeFieldSection, encodeRequestHeaders, decodePrefixedInt, encodePrefixedInt, QpackError, STATIC_TABLE } from './qpack';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

describe('Huffman (RFC 7541 Appendix B)', () => {
  it('decodes the RFC 7541 C.4 / C.6 examples', () => {
    expect(text(huffmanDecode(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff')))).toBe('www.example.com');
    expect(text(huffmanDecode(hex('a8eb 1064 9cbf')))).toBe('no-cache');
    expect(text(huffmanDecode(hex('25a8 49e9 5ba9 7d7f')))).toBe('custom-key');
    expect(text(huffmanDecode(hex('25a8 49e9 5bb8 e8b4 bf')))).toBe('custom-value');
    expect(text(huffmanDecode(hex('6402')))).toBe('302');
    expect(text(huffmanDecode(hex('aec3 771a 4b')))).toBe('private');
    expect(text(huffmanDecode(hex('d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff')))).toBe(
      'Mon, 21 Oct 2013 20:13:21 GMT',
    );
    expect(text(huffmanDecode(hex('9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3')))).toBe('https://www.example.com');
  });

  it('has the canonical codes of the RFC table', () => {
    expect(huffmanCode('0'.charCodeAt(0))).toEqual({ code: 0x0, length: 5 });
    expect(huffmanCode(' '.charCodeAt(0))).toEqual({ code: 0x14, length: 6 });
    expect(huffmanCode(0)).toEqual({ code: 0x1ff8, length: 13 });
    expect(huffmanCode(256)).toEqual({ code: 0x3fffffff, length: 30 });
  });

  it('rejects bad padding and embedded EOS', () => {
    expect(() => huffmanDecode(hex('00'))).toThrow(HuffmanError); // '0' then 3 zero bits of padding
    expect(() => huffmanDecode(hex('ffffffff'))).toThrow(HuffmanError); // EOS
  });
});

describe('QPACK static-only codec', () => {
  it('round-trips prefixed integers (RFC 7541 C.1)', () => {
    expect(encodePrefixedInt(10, 5, 0)).toEqual([10]);
    expect(encodePrefixedInt(1337, 5, 0)).toEqual([31, 154, 10]);
    expect(decodePrefixedInt(Uint8Array.from([31, 154, 10]), 0, 5)).toEqual({ value: 1337, next: 3 });
  });

  it('has 99 static entries with the indices the encoder relies on', () => {
    expect(STATIC_TABLE).toHaveLength(99);
    expect(STATIC_TABLE[17]).toEqual([':method', 'GET']);
    expect(STATIC_TABLE[23]).toEqual([':scheme', 'https']);
    expect(STATIC_TABLE[25]).toEqual([':status', '200']);
    expect(STATIC_TABLE[92]).toEqual(['server', '']);
    expect(STATIC_TABLE[95]).toEqual(['user-agent', '']);
  });

  it('encodes a request that it can decode back', () => {
    const bytes = encodeRequestHeaders({ method: 'GET', authority: '127.0.0.1:8443', path: '/healthz?x=1', userAgent: 'edgelens' });
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x00, 0x00, 0xd1, 0xd7]);
    expect(decodeFieldSection(bytes)).toEqual([
      [':method', 'GET'],
      [':scheme', 'https'],
      [':authority', '127.0.0.1:8443'],
      [':path', '/healthz?x=1'],
      ['user-agent', 'edgelens'],
    ]);
  });

  it('decodes literal names and rejects dynamic-table references', () => {
    // 0x27 0x03 = literal name, no Huffman, length 3+... use a short name: 001N H=0 len=3 'foo', value 'bar'
    const lit = Uint8Array.from([0x00, 0x00, 0x23, ...Buffer.from('foo'), 0x03, ...Buffer.from('bar')]);
    expect(decodeFieldSection(lit)).toEqual([['foo', 'bar']]);
    expect(() => decodeFieldSection(Uint8Array.from([0x02, 0x00, 0xd9]))).toThrow(QpackError); // RIC != 0
    expect(() => decodeFieldSection(Uint8Array.from([0x00, 0x00, 0x80]))).toThrow(QpackError); // dynamic indexed
    expect(() => decodeFieldSection(Uint8Array.from([0x00, 0x00, 0x10]))).toThrow(QpackError); // post-base
  });
});
