import { describe, expect, it } from 'vitest';
import { compareIps, findIpLiterals, firstFreeIp, formatIp, parseIp, parsePoolRange, rangeContains, type IpRange } from './ip';

describe('compareIps', () => {
  it('orders numerically, IPv4 before IPv6, garbage last', () => {
    expect(['10.0.20.100', 'fd00::1', '10.0.20.9', 'nope', '10.0.20.20', '9.9.9.9'].sort(compareIps)).toEqual([
      '9.9.9.9',
      '10.0.20.9',
      '10.0.20.20',
      '10.0.20.100',
      'fd00::1',
      'nope',
    ]);
  });
});

describe('pool ranges', () => {
  it('reads MetalLB ranges and CIDRs', () => {
    const range = parsePoolRange('10.0.20.200-10.0.20.220');
    expect(range && rangeContains(range, '10.0.20.220')).toBe(true);
    expect(range && rangeContains(range, '10.0.20.221')).toBe(false);
    const cidr = parsePoolRange('10.0.31.0/28');
    expect(cidr && rangeContains(cidr, '10.0.31.15')).toBe(true);
    expect(cidr && rangeContains(cidr, '10.0.31.16')).toBe(false);
    const v6 = parsePoolRange('fd00:20::/120');
    expect(v6 && rangeContains(v6, 'fd00:20::ff')).toBe(true);
    expect(parsePoolRange('10.0.20.9-10.0.20.1')).toBeNull();
  });

  it('finds the first address not in use', () => {
    const ranges = [parsePoolRange('10.0.20.200-10.0.20.220'), parsePoolRange('10.0.21.0/24')].filter((r): r is IpRange => r !== null);
    expect(firstFreeIp(ranges, new Set(['10.0.20.200', '10.0.20.201']))).toBe('10.0.20.202');
    const used = new Set(Array.from({ length: 21 }, (_, i) => `10.0.20.${200 + i}`));
    expect(firstFreeIp(ranges, used)).toBe('10.0.21.1'); // skips the network address
  });

  it('prints IPv6 in RFC 5952 form', () => {
    const ip = parseIp('fd00:0:0:0:0:0:0:1');
    expect(ip && formatIp(ip)).toBe('fd00::1');
  });
});

describe('findIpLiterals', () => {
  const wanted = new Set(['10.0.20.200']);
  it('matches the address inside URLs, ranges and sentences', () => {
    const text = 'service: https://10.0.20.200:443\nrange 10.0.20.200-10.0.20.220\nIP is 10.0.20.200.';
    expect(findIpLiterals(text, wanted).map((h) => h.index)).toEqual([17, 39, text.lastIndexOf('10.0.20.200')]);
  });

  it('does not match longer addresses or other octets', () => {
    expect(findIpLiterals('10.0.20.2001 110.0.20.200 10.0.20.200.5 10.0.20.20 a10.0.20.200', wanted)).toEqual([]);
  });

  it('finds IPv6 addresses only as whole words', () => {
    expect(findIpLiterals('target fd00::20:1 and fd00::20:10', new Set(), ['fd00::20:1']).map((h) => h.index)).toEqual([7]);
  });
});

describe('findIpLiterals (property)', () => {
  it('finds an address between any separators and never one glued to digits', async () => {
    const fc = await import('fast-check');
    const octet = fc.integer({ min: 0, max: 255 });
    const ip = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
    const sep = fc.constantFrom(' ', ':', '/', '"', "'", '=', ',', '\n', '(', '[', '@', '-');
    fc.assert(
      fc.property(ip, sep, sep, fc.integer({ min: 0, max: 9 }), (addr, before, after, digit) => {
        const wanted = new Set([addr]);
        expect(findIpLiterals(`x${before}${addr}${after}y`, wanted)).toHaveLength(1);
        expect(findIpLiterals(`${before}${digit}${addr}${after}`, wanted)).toHaveLength(0);
        expect(findIpLiterals(`${before}${addr}${digit}${after}`, wanted)).toHaveLength(0);
      }),
    );
  });
});
