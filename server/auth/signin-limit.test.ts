import { describe, expect, it } from 'vitest';
import { signinLimiter } from './signin-limit';

describe('failed sign-in budget', () => {
  it('hears attempts until the budget is spent, then says how long to wait', () => {
    let t = 1_000_000;
    const lim = signinLimiter(3, 60_000, () => t);
    for (let i = 0; i < 3; i++) {
      expect(lim.retryAfterMs()).toBe(0);
      lim.recordFailure();
      t += 1_000;
    }
    // Failures at 0 s, 1 s, 2 s; now 3 s: the first leaves the window at 60 s.
    expect(lim.retryAfterMs()).toBe(57_000);
  });

  it('opens again once the oldest failure has left the window', () => {
    let t = 0;
    const lim = signinLimiter(2, 10_000, () => t);
    lim.recordFailure();
    t = 5_000;
    lim.recordFailure();
    expect(lim.retryAfterMs()).toBe(5_000);
    t = 10_000;
    expect(lim.retryAfterMs()).toBe(0);
    lim.recordFailure();
    expect(lim.retryAfterMs()).toBe(5_000);
  });
});
