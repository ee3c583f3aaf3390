/**
 * Runs calls one at a time, each starting at least 1/rate seconds after the previous one ENDED. So the
 * server sees them at least that far apart however long a request spends on the way (a request that
 * reaches it late cannot crowd the next one), and there is never more than one in flight. `rate` is in
 * calls per second; 0 or Infinity means no spacing.
 */
export function createRateLimiter(
  rate: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): <T>(call: () => Promise<T>) => Promise<T> {
  const interval = rate > 0 && Number.isFinite(rate) ? 1000 / rate : 0;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return async (call) => {
    const wait = nextSlot - clock.now();
    // A timer may fire a millisecond early: wait until the slot has really come.
    if (wait > 0) await clock.sleep(Math.ceil(wait) + 1);
    try {
      return await call();
    } finally {
      nextSlot = clock.now() + interval;
    }
  };
}
