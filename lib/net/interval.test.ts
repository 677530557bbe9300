import { describe, expect, it } from 'vitest';
import { formatIp } from './ip';
import { ipFromBigInt } from './ip-value';
import { intervalsOverlap, parseInterval, type IntervalParseOptions } from './interval';

function span(text: string, opts?: IntervalParseOptions): [string, string] | null {
  const iv = parseInterval(text, opts);
  return iv && [formatIp(ipFromBigInt(iv.family, iv.first)), formatIp(ipFromBigInt(iv.family, iv.last))];
}

describe('parseInterval', () => {
  it('spans an address or the whole prefix, host bits ignored', () => {
    expect(span('10.0.20.103')).toEqual(['10.0.20.103', '10.0.20.103']);
    expect(span('10.0.20.103/24')).toEqual(['10.0.20.0', '10.0.20.255']);
    expect(span('0.0.0.0/0')).toEqual(['0.0.0.0', '255.255.255.255']);
    expect(span('fd00:20::/120')).toEqual(['fd00:20::', 'fd00:20::ff']);
  });

  it('keeps an IPv4-mapped address IPv6, so its prefix counts IPv6 bits', () => {
    expect(span('::ffff:10.0.0.0/104')).toEqual(['::ffff:a00:0', '::ffff:aff:ffff']);
  });

  it('takes zones and leading zeros only as the options say', () => {
    expect(span('fe80::1%eth0/64')).toEqual(['fe80::', 'fe80::ffff:ffff:ffff:ffff']);
    expect(span('fe80::1%eth0', { zone: false })).toBeNull();
    expect(span('010.0.0.0/8')).toBeNull();
    expect(span('010.0.0.0/8', { leadingZeros: true })).toEqual(['10.0.0.0', '10.255.255.255']);
  });

  it.each(['', '10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/9', ' 10.0.0.0', 'x/8'])('rejects %j', (text) => {
    expect(parseInterval(text)).toBeNull();
  });
});

describe('intervalsOverlap', () => {
  it('is true for touching intervals of one family only', () => {
    const a = parseInterval('10.0.0.0/8');
    const b = parseInterval('10.255.255.255');
    const c = parseInterval('11.0.0.0');
    const v6 = parseInterval('::/0');
    expect(a && b && intervalsOverlap(a, b)).toBe(true);
    expect(a && c && intervalsOverlap(a, c)).toBe(false);
    expect(a && v6 && intervalsOverlap(a, v6)).toBe(false);
  });
});
