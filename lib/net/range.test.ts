import { describe, expect, it } from 'vitest';
import { summarizeRange } from './range';

describe('summarizeRange', () => {
  it('writes consecutive addresses as a range in the last octet', () => {
    expect(summarizeRange(['10.0.20.103', '10.0.20.101', '10.0.20.105', '10.0.20.102', '10.0.20.104', '10.0.20.101'])).toBe('10.0.20.101-105');
  });

  it('splits runs at gaps and spells out ranges that cross an octet', () => {
    expect(summarizeRange(['10.0.20.101', '10.0.20.102', '10.0.20.103', '10.0.20.105'])).toBe('10.0.20.101-103, 10.0.20.105');
    expect(summarizeRange(['10.0.20.254', '10.0.20.255', '10.0.21.0'])).toBe('10.0.20.254-10.0.21.0');
  });

  it('lists IPv6 after IPv4 and shortens long lists', () => {
    expect(summarizeRange(['2001:db8::1', '10.0.20.101'])).toBe('10.0.20.101, 2001:db8::1');
    expect(summarizeRange(['1.1.1.1', '1.1.1.3', '1.1.1.5', '1.1.1.7'], { maxGroups: 2 })).toBe('1.1.1.1, 1.1.1.3 and 2 more');
    expect(summarizeRange([])).toBe('');
  });
});
