import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { raceDeadline } from './deadline';

describe('raceDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers with the promise when it settles in time, and leaves no timer behind', async () => {
    const got = raceDeadline(Promise.resolve('read'), 1_000, () => 'late');
    await expect(got).resolves.toBe('read');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers with onLate() when the promise is still pending at the deadline', async () => {
    const got = raceDeadline(new Promise<string>(() => undefined), 1_000, () => null);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(got).resolves.toBeNull();
  });

  it('rejects with what onLate throws, so a deadline can be an error with its own words', async () => {
    const got = raceDeadline(new Promise<string>(() => undefined), 500, () => {
      throw new Error('listing services took longer than 500 ms');
    });
    const seen = expect(got).rejects.toThrow('listing services took longer than 500 ms');
    await vi.advanceTimersByTimeAsync(500);
    await seen;
  });

  it('passes a rejection of the promise through and clears the timer', async () => {
    const got = raceDeadline(Promise.reject(new Error('connection refused')), 1_000, () => 'late');
    await expect(got).rejects.toThrow('connection refused');
    expect(vi.getTimerCount()).toBe(0);
  });
});
