import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { controlStreamPreamble, decodeVarint, encodeVarint, requestFrames, ResponseParser, headerValue, H3FrameError } from './frames';

function fixtureBytes(name: string): Uint8Array {
  const raw = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
  const hexText = raw
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(hexText, 'hex'));
}

describe('QUIC varints (RFC 9000 §16 / A.1 examples)', () => {
  it('decodes the RFC examples and round-trips', () => {
    expect(decodeVarint(Uint8Array.from(Buffer.from('c2197c5eff14e88c', 'hex')), 0)?.value).toBe(151288809941952652);
    expect(decodeVarint(Uint8Array.from(Buffer.from('9d7f3e7d', 'hex')), 0)?.value).toBe(494878333);
    expect(decodeVarint(Uint8Array.from(Buffer.from('7bbd', 'hex')), 0)?.value).toBe(15293);
    expect(decodeVarint(Uint8Array.from([0x25]), 0)?.value).toBe(37);
    for (const v of [0, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, 2 ** 40]) {
      expect(decodeVarint(Uint8Array.from(encodeVarint(v)), 0)?.value).toBe(v);
    }
    expect(decodeVarint(Uint8Array.from([0x40]), 0)).toBeNull();
  });
});

describe('HTTP/3 frames', () => {
  it('builds a control stream with SETTINGS that disable the QPACK dynamic table', () => {
    expect(Array.from(controlStreamPreamble())).toEqual([0x00, 0x04, 0x04, 0x01, 0x00, 0x07, 0x00]);
  });

  it('builds a request as one HEADERS frame', () => {
    const bytes = requestFrames({ method: 'GET', authority: 'localhost', path: '/' });
    expect(bytes[0]).toBe(0x01);
    expect(bytes[1]).toBe(bytes.length - 2);
  });

  it('parses a real Caddy response, fed byte by byte', () => {
    const stream = fixtureBytes('caddy-response-stream.txt');
    const parser = new ResponseParser();
    for (const byte of stream) parser.push(Uint8Array.of(byte));
    expect(parser.head?.status).toBe(200);
    expect(headerValue(parser.head?.headers ?? [], 'server')).toBe('Caddy');
    expect(headerValue(parser.head?.headers ?? [], 'content-type')).toBe('text/plain; charset=utf-8');
    expect(parser.bodyBytes).toBe('hello 127.0.0.1'.length);
    expect(parser.hasPartialFrame).toBe(false);
  });

  it('skips unknown frames and 1xx responses, rejects control frames on a request stream', () => {
    const grease = [0x21, 0x02, 0xaa, 0xbb]; // reserved type 0x21, 2 bytes
    const early = [0x01, 0x04, 0x00, 0x00, 0xff, 0x00]; // :status 100 (static 63: 6-bit prefix full, then 0)
    const final = [0x01, 0x03, 0x00, 0x00, 0xc0 | 27]; // :status 404
    const parser = new ResponseParser();
    expect(parser.push(Uint8Array.from([...grease, ...early, ...final]))).toBe(true);
    expect(parser.head?.status).toBe(404);
    expect(() => new ResponseParser().push(Uint8Array.from([0x04, 0x00]))).toThrow(H3FrameError);
  });
});
