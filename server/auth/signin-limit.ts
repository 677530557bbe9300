// Failed sign-ins are budgeted: at most `max` in any rolling `windowMs`, process-wide. Past that,
// the sign-in answers 429 with Retry-After until the oldest failure leaves the window. A token is
// at least 16 characters, so guessing is hopeless anyway; the budget keeps a guessing script from
// turning the sign-in into a CPU and log flood. It is process-wide, not per address, because behind
// Traefik every browser may share one peer address and X-Forwarded-For is the client's to forge.
// Bearer requests from scripts go through the request guard, not here, so a flood of bad sign-ins
// never locks out automation.

export interface SigninLimiter {
  /** Milliseconds to wait before another attempt is heard; 0 when one may be tried now. */
  retryAfterMs(): number;
  recordFailure(): void;
}

export function signinLimiter(max = 10, windowMs = 60_000, now: () => number = Date.now): SigninLimiter {
  const failures: number[] = [];
  const forget = (t: number): void => {
    while (failures.length > 0 && (failures[0] ?? 0) <= t - windowMs) failures.shift();
  };
  return {
    retryAfterMs() {
      const t = now();
      forget(t);
      if (failures.length < max) return 0;
      return Math.max(1, (failures[0] ?? t) + windowMs - t);
    },
    recordFailure() {
      const t = now();
      forget(t);
      failures.push(t);
    },
  };
}
