import { describe, expect, it } from 'vitest';
import { formatIp, overlaps, parseInterval } from './crowdsec-cidr';
import { parseGoDuration, shortDuration } from './crowdsec-duration';

describe('parseInterval', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0', '10.255.255.255'],
    ['10.0.20.103', '10.0.20.103', '10.0.20.103'],
    ['10.0.20.103/24', '10.0.20.0', '10.0.20.255'],
    ['fd00::/8', 'fd00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:10.0.0.1', '::ffff:a00:1', '::ffff:a00:1'],
    ['2001:db8::1/128', '2001:db8::1', '2001:db8::1'],
  ])('%s spans %s – %s', (text, first, last) => {
    const iv = parseInterval(text);
    expect(iv && [formatIp(iv.family, iv.first), formatIp(iv.family, iv.last)]).toEqual([first, last]);
  });

  it.each(['XX', '10.0.0.256', '10.0.0.0/33', '1:2:3', 'fe80::1::2', '10.0.0.0/8/9', ''])('rejects %j', (text) => {
    expect(parseInterval(text)).toBeNull();
  });

  it('does not mix families when testing overlap', () => {
    const v4 = parseInterval('0.0.0.0/0');
    const v6 = parseInterval('::/0');
    expect(v4 && v6 && overlaps(v4, v6)).toBe(false);
  });
});

describe('Go durations from the LAPI', () => {
  it.each([
    ['3h59m59.583836889s', 14_399_583.836889],
    ['59m59.58s', 3_599_580],
    ['-1m2s', -62_000],
    ['250ms', 250],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 3);
  });

  it('rejects text that is not a duration', () => {
    expect(parseGoDuration('4 hours')).toBeNull();
  });

  it('prints a short form for messages', () => {
    expect(shortDuration(14_399_583)).toBe('3h59m');
    expect(shortDuration(62_500)).toBe('1m2s');
    expect(shortDuration(90_000_000)).toBe('1d1h');
    expect(shortDuration(0)).toBe('0s');
  });
});
