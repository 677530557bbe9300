import { describe, expect, it } from 'vitest';
import { extractHost, formatIp, normalizeIp, parseIp, parseIpStrict, parseIPv4 } from './ip';

describe('parseIPv4', () => {
  it('reads dotted quads as unsigned numbers', () => {
    expect(parseIPv4('10.0.20.101')).toBe(10 * 2 ** 24 + 20 * 256 + 101);
    expect(parseIPv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(parseIPv4('0.0.0.0')).toBe(0);
  });

  it('rejects anything that is not exactly four decimal octets', () => {
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.', '.1.2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1..2.3', '1.2.3.4:80']) {
      expect(parseIPv4(bad), bad).toBe(-1);
    }
  });

  it('parses a slice of a longer string', () => {
    const s = 'x10.0.0.1y';
    expect(parseIPv4(s, 1, s.length - 1)).toBe(10 * 2 ** 24 + 1);
  });
});

describe('parseIp / formatIp', () => {
  it('round-trips IPv6 in RFC 5952 form', () => {
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1');
    expect(normalizeIp('::1')).toBe('::1');
    expect(normalizeIp('::')).toBe('::');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1');
    expect(normalizeIp('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(normalizeIp('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1'); // first of two equal runs
    expect(normalizeIp('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
    const ip = parseIp('::ffff:10.0.20.101');
    expect(ip).toEqual({ version: 4, value: parseIPv4('10.0.20.101'), mapped: true });
    expect(ip && formatIp(ip)).toBe('10.0.20.101');
    expect(normalizeIp('::ffff:a00:1465')).toBe('10.0.20.101');
  });

  it('rejects malformed IPv6', () => {
    for (const bad of ['1:::2', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', ':1', '1:', 'g::1', '::1.2.3', '1.2.3.4::']) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe('extractHost', () => {
  it('strips ports and brackets the way proxies write hosts', () => {
    expect(extractHost('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(extractHost('203.0.113.7:1234')).toBe('203.0.113.7');
    expect(extractHost(' 10.0.20.103 ')).toBe('10.0.20.103');
    expect(extractHost('2001:db8::1')).toBe('2001:db8::1');
    expect(extractHost('unknown')).toBe('unknown');
  });
});

describe('parse options and parseIpStrict', () => {
  it('strict reading rejects what the lenient default reads', () => {
    for (const text of ['fe80::1%lo', '::ffff:10.0.20.101%eth0']) {
      expect(parseIp(text), text).not.toBeNull();
      expect(parseIpStrict(text), text).toBeNull();
    }
    for (const bad of ['01.2.3.4', '::ffff:01.2.3.4', '[::1]', ' 1.2.3.4', '1.2.3.4:80', 'localhost', '']) {
      expect(parseIpStrict(bad), bad).toBeNull();
    }
  });

  it('keeps an IPv4-mapped address IPv6 when strict, written in hex', () => {
    const ip = parseIpStrict('::ffff:192.0.2.1');
    expect(ip?.version).toBe(6);
    expect(ip && formatIp(ip)).toBe('::ffff:c000:201');
    expect(parseIp('::ffff:192.0.2.1', { mapIPv4: false })?.version).toBe(6);
  });

  it('reads leading zeros as decimal only when asked, in an embedded IPv4 tail too', () => {
    expect(parseIp('010.000.020.001')).toBeNull();
    const v4 = parseIp('010.000.020.001', { leadingZeros: true });
    expect(v4 && formatIp(v4)).toBe('10.0.20.1');
    const tail = parseIp('::ffff:010.0.0.1', { leadingZeros: true, mapIPv4: false });
    expect(tail && formatIp(tail)).toBe('::ffff:a00:1');
    expect(parseIp('0010.0.0.1', { leadingZeros: true })).toBeNull(); // still at most three digits
  });
});
