/**
 * Spaces calls at least 1/rate seconds apart (no burst): the first goes at once, each next one waits until
 * its slot. `rate` is in calls per second; 0 or Infinity means no limit.
 */
export function createRateLimiter(
  rate: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): () => Promise<void> {
  const interval = rate > 0 && Number.isFinite(rate) ? 1000 / rate : 0;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return async () => {
    const now = clock.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + interval;
    if (slot > now) await clock.sleep(slot - now);
  };
}
