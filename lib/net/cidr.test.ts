import { describe, expect, it } from 'vitest';
import { CidrTable, cidrContains, formatCidr, ipInPrefix, parseCidr, parseCidrStrict, parsePrefixLength } from './cidr';
import { formatIp, parseIp } from './ip';

describe('parseCidr', () => {
  it('clears host bits and accepts bare addresses as host routes', () => {
    const c = parseCidr('10.42.1.5/24');
    expect(c && formatCidr(c)).toBe('10.42.1.0/24');
    const h = parseCidr('10.0.20.101');
    expect(h && formatCidr(h)).toBe('10.0.20.101/32');
    const v6 = parseCidr('fd00:10:42::1/48');
    expect(v6 && formatCidr(v6)).toBe('fd00:10:42::/48');
  });

  it('turns an IPv4-mapped IPv6 prefix into the IPv4 prefix', () => {
    const c = parseCidr('::ffff:10.42.0.0/112');
    expect(c && formatCidr(c)).toBe('10.42.0.0/16');
  });

  it('rejects junk', () => {
    for (const bad of ['', '10.0.0.0/33', '10.0.0.0/', '10.0.0/8', 'fd00::/129', '10.0.0.0/8x', 'x/8']) {
      expect(parseCidr(bad), bad).toBeNull();
    }
  });
});

describe('cidrContains', () => {
  it('answers for IPv4, IPv6, mapped addresses and the edges', () => {
    expect(cidrContains('10.42.0.0/16', '10.42.255.255')).toBe(true);
    expect(cidrContains('10.42.0.0/16', '10.43.0.0')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.7')).toBe(true);
    expect(cidrContains('203.0.113.7/32', '203.0.113.7')).toBe(true);
    expect(cidrContains('100.64.0.0/10', '100.127.255.255')).toBe(true);
    expect(cidrContains('100.64.0.0/10', '100.128.0.0')).toBe(false);
    expect(cidrContains('10.42.0.0/16', '::ffff:10.42.3.4')).toBe(true);
    expect(cidrContains('fd00:10:42::/48', 'fd00:10:42:ffff::1')).toBe(true);
    expect(cidrContains('fd00:10:42::/48', 'fd00:10:43::1')).toBe(false);
    expect(cidrContains('fe80::/10', 'febf::1')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '2001:db8::1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', 'not-an-ip')).toBe(false);
  });
});

describe('CidrTable', () => {
  it('matches any of many prefixes of different lengths', () => {
    const t = new CidrTable(['10.42.0.0/24', '10.42.1.0/24', '10.43.0.0/16', '192.168.7.7/32', 'fd00:42::/64']);
    expect(t.has('10.42.1.200')).toBe(true);
    expect(t.has('10.42.2.1')).toBe(false);
    expect(t.has('10.43.200.1')).toBe(true);
    expect(t.has('192.168.7.7')).toBe(true);
    expect(t.has('192.168.7.8')).toBe(false);
    expect(t.has('fd00:42::abcd')).toBe(true);
    expect(t.has('fd00:43::1')).toBe(false);
    expect(t.size).toBe(5);
  });
});

describe('parsePrefixLength', () => {
  it('reads one to three digits up to the family width', () => {
    expect(parsePrefixLength('24', 32)).toBe(24);
    expect(parsePrefixLength('0', 32)).toBe(0);
    expect(parsePrefixLength('08', 32)).toBe(8);
    expect(parsePrefixLength('08', 32, true)).toBe(-1);
    for (const bad of ['', '33', '-1', ' 8', '8x', '0008']) expect(parsePrefixLength(bad, 32), bad).toBe(-1);
    expect(parsePrefixLength('128', 128)).toBe(128);
  });
});

describe('parseCidrStrict', () => {
  it('keeps host bits and canonical address text', () => {
    const p = parseCidrStrict('10.0.20.5/24');
    expect(p && [formatIp(p.ip), p.bits]).toEqual(['10.0.20.5', 24]);
    const v6 = parseCidrStrict('2001:DB8::1/32');
    expect(v6 && [formatIp(v6.ip), v6.bits]).toEqual(['2001:db8::1', 32]);
  });

  it('rejects bare addresses, zones, leading zeros and spaces', () => {
    for (const bad of ['10.0.20.5', '10.0.20.0/024', '010.0.20.0/24', 'fe80::%lo/64', ' 10.0.0.0/8', '10.0.0.0/8 ', '10.0.0.0/33', '::/129', '10.0.0.0/8/9']) {
      expect(parseCidrStrict(bad), bad).toBeNull();
    }
  });
});

describe('ipInPrefix', () => {
  it('ignores host bits of the network in both families and never crosses families', () => {
    const at = (s: string) => {
      const ip = parseIp(s);
      if (!ip) throw new Error(`bad test address ${s}`);
      return ip;
    };
    expect(ipInPrefix(at('10.0.20.77'), at('10.0.20.5'), 24)).toBe(true);
    expect(ipInPrefix(at('10.0.21.1'), at('10.0.20.5'), 24)).toBe(false);
    expect(ipInPrefix(at('2001:db8:ffff::1'), at('2001:db8:8234::1'), 33)).toBe(true);
    expect(ipInPrefix(at('2001:db8:7fff::1'), at('2001:db8:ffff::1'), 33)).toBe(false);
    expect(ipInPrefix(at('10.0.0.1'), at('::'), 0)).toBe(false);
  });
});
