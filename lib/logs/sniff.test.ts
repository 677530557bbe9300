import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffInput } from './sniff';

const line = '{"ClientAddr":"10.0.20.101:41234","ClientHost":"10.0.20.101","RequestProtocol":"HTTP/2.0","time":"2024-05-01T12:00:00Z"}\n';

describe('sniffInput', () => {
  it('takes a text log (and an empty input) as text', () => {
    expect(sniffInput(Buffer.from(line.repeat(40)))).toEqual({ kind: 'text' });
    expect(sniffInput(Buffer.alloc(0))).toEqual({ kind: 'text' });
  });

  it('recognises gzip (a rotated access.log.1.gz)', () => {
    expect(sniffInput(gzipSync(line))).toEqual({ kind: 'gzip' });
  });

  it('says what UTF-16, with or without a byte-order mark, looks like', () => {
    const le = Buffer.from(`\ufeff${line}`, 'utf16le');
    expect(sniffInput(le)).toMatchObject({ kind: 'unreadable', looksLike: expect.stringMatching(/^UTF-16 little-endian text \(byte-order mark FF FE\)/) });
    expect(sniffInput(Buffer.from(line, 'utf16le'))).toMatchObject({ kind: 'unreadable', looksLike: expect.stringMatching(/every other byte is NUL/) });
    const be = Buffer.from(Buffer.from(line, 'utf16le')).swap16();
    expect(sniffInput(be)).toMatchObject({ kind: 'unreadable', looksLike: expect.stringMatching(/^UTF-16 big-endian/) });
  });

  it('calls other compressors and binary data unreadable, naming them', () => {
    expect(sniffInput(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2]))).toMatchObject({ looksLike: expect.stringMatching(/^zstd/) });
    expect(sniffInput(Buffer.from('BZh91AY&SY'))).toMatchObject({ looksLike: expect.stringMatching(/^bzip2/) });
    const bin = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    expect(sniffInput(bin)).toMatchObject({ kind: 'unreadable', looksLike: expect.stringMatching(/^binary data, not a text log/) });
  });
});
