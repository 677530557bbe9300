import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from './ip';
import { compareIp, ipFromBigInt, ipFromBytes, ipToBigInt, ipToBytes } from './ip-value';

const anyIp = fc.oneof(fc.ipV4(), fc.ipV6()).map((s) => {
  const ip = parseIp(s, { mapIPv4: false });
  if (!ip) throw new Error(`fast-check address not parsed: ${s}`);
  return ip;
});

describe('bigint and byte forms', () => {
  it('round-trip every address', () => {
    fc.assert(
      fc.property(anyIp, (ip) => {
        expect(formatIp(ipFromBigInt(ip.version, ipToBigInt(ip)))).toBe(formatIp(ip));
        expect(formatIp(ipFromBytes(ipToBytes(ip)))).toBe(formatIp(ip));
        expect(ipToBytes(ip)).toHaveLength(ip.version === 4 ? 4 : 16);
      }),
      { numRuns: 500 },
    );
  });

  it('spell known addresses', () => {
    const v4 = parseIp('10.0.20.101');
    expect(v4 && ipToBigInt(v4)).toBe(0x0a001465n);
    expect(v4 && ipToBytes(v4)).toEqual([10, 0, 20, 101]);
    const v6 = parseIp('2001:db8::1');
    expect(v6 && ipToBigInt(v6)).toBe(0x20010db8000000000000000000000001n);
    expect(formatIp(ipFromBigInt(6, (1n << 128n) - 1n))).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });
});

describe('compareIp', () => {
  it('puts IPv4 before IPv6 and orders each numerically', () => {
    fc.assert(
      fc.property(anyIp, anyIp, (a, b) => {
        const expected = a.version !== b.version ? a.version - b.version : Number(ipToBigInt(a) - ipToBigInt(b));
        expect(Math.sign(compareIp(a, b))).toBe(Math.sign(expected));
      }),
      { numRuns: 500 },
    );
  });
});
