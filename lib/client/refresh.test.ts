import { describe, expect, it } from 'vitest';
import { agoText, getRefreshChoice, intervalFor, setRefreshChoice } from './refresh';

describe('refresh choice', () => {
  it('auto keeps the source pace, a number overrides it, paused stops polling', () => {
    expect(intervalFor('auto', 3_000)).toBe(3_000);
    expect(intervalFor(60_000, 3_000)).toBe(60_000);
    expect(intervalFor('paused', 3_000)).toBe(false);
  });

  it('the store keeps the choice', () => {
    setRefreshChoice('paused');
    expect(getRefreshChoice()).toBe('paused');
    setRefreshChoice('auto');
    expect(getRefreshChoice()).toBe('auto');
  });

  it('says how old the data is in words', () => {
    expect(agoText(500)).toBe('just now');
    expect(agoText(12_400)).toBe('12 s ago');
    expect(agoText(5 * 60_000)).toBe('5 min ago');
  });
});
