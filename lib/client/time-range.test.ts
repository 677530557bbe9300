// The range in the URL: only 1h / 24h / 7d count, anything else is the latest sample; setting
// it keeps the page's other parameters.
import { describe, expect, it } from 'vitest';
import { rangeFromSearch, searchWithRange } from './time-range';

describe('time range in the URL', () => {
  it('reads 1h, 24h, 7d and ignores anything else', () => {
    expect(rangeFromSearch('?range=1h')).toBe('1h');
    expect(rangeFromSearch('?severity=error&range=7d')).toBe('7d');
    expect(rangeFromSearch('?range=2y')).toBeNull();
    expect(rangeFromSearch('?range=')).toBeNull();
    expect(rangeFromSearch('')).toBeNull();
  });

  it('sets and clears the range, keeping the other parameters', () => {
    expect(searchWithRange('?severity=error', '24h')).toBe('?severity=error&range=24h');
    expect(searchWithRange('?range=1h', '7d')).toBe('?range=7d');
    expect(searchWithRange('?range=1h&severity=error', null)).toBe('?severity=error');
    expect(searchWithRange('?range=1h', null)).toBe('');
  });
});
