// One way to stop waiting: race a promise against a timer. Used wherever a slow source (a hung API
// server, a silent LAPI, a long pod-log read) must not hold a request or a scrape. The timer never
// outlives the race, so a fast answer leaves nothing pending that would keep the process alive.

/**
 * `p`'s outcome when it settles within `ms`; otherwise what `onLate()` returns (or throws), and `p`
 * goes on unobserved by this caller. `p`'s rejection is passed through: callers that want a value
 * instead catch it before racing.
 */
export function raceDeadline<T, L>(p: Promise<T>, ms: number, onLate: () => L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<L>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onLate());
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    }, ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
