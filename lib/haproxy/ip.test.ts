import fc from 'fast-check';
import { isIP } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from './ip';

describe('generator IP parser', () => {
  it('accepts every IPv6 form fast-check produces and prints the WHATWG/RFC 5952 canonical form', () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const ip = parseIp(s);
        expect(ip?.family).toBe(6);
        expect(ip?.text).toBe(new URL(`http://[${s}]/`).hostname.slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with node:net on IPv4', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        expect(parseIp(s)?.text).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts what node:net rejects', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%/ \n'.split('')), maxLength: 45 }), (s) => {
        if (parseIp(s)) expect(isIP(s)).not.toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.4 ', ' 1.2.3.4', '::1::', '1:2:3:4:5:6:7:8:9', '1::2:3:4:5:6:7:8', 'fe80::1%lo', '[::1]', '::1.2.3.4:5', 'g::1'])(
    'rejects %j',
    (s) => expect(parseIp(s)).toBeNull(),
  );

  it('parses CIDRs and checks containment', () => {
    const c = parseCidr('10.0.20.0/24');
    const ip = parseIp('10.0.20.77');
    expect(c && ip && cidrContains(c, ip)).toBe(true);
    const other = parseIp('10.0.21.1');
    expect(c && other && cidrContains(c, other)).toBe(false);
    expect(parseCidr('2001:db8::/129')).toBeNull();
    expect(parseCidr('2001:DB8::/32')?.text).toBe('2001:db8::/32');
  });
});
