/**
 * Tells a hot entity (a burst of changes to one key, as a mass change or a re-sent backlog produces) from
 * the usual change now and then, or an entity that changes every few seconds: a key is hot when this change
 * and the `burst - 1` before it all fall within the window. Bounded: the least recently seen keys are
 * forgotten first.
 */
export function createHotKeyTracker(options: {
  windowMs: number;
  /** Changes within the window that make a key hot (at least 2). */
  burst: number;
  maxKeys?: number;
  now?: () => number;
}) {
  if (!Number.isInteger(options.burst) || options.burst < 2)
    throw new RangeError(`burst must be an integer of at least 2, not ${options.burst}`);
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const kept = options.burst - 1;
  /** Per key, the times of its last `burst - 1` changes, oldest first. */
  const recent = new Map<string, number[]>();
  return {
    /** Records a change of `key`; true when it completes a burst. */
    touch(key: string): boolean {
      const at = now();
      const times = recent.get(key) ?? [];
      recent.delete(key);
      const hot = times.length === kept && at - times[0]! < options.windowMs;
      times.push(at);
      if (times.length > kept) times.shift();
      recent.set(key, times);
      if (recent.size > maxKeys) recent.delete(recent.keys().next().value as string);
      return hot;
    },
  };
}
