/**
 * Remembers when each entity was last signalled, to tell a hot entity (a burst of changes to one key, as a
 * mass change or a re-sent backlog produces) from the usual one change now and then. Bounded: the oldest
 * entries are forgotten first.
 */
export function createHotKeyTracker(options: { windowMs: number; maxKeys?: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const lastSeen = new Map<string, number>();
  return {
    /** Records a change of `key`; true when the key had another change within the window. */
    touch(key: string): boolean {
      const at = now();
      const before = lastSeen.get(key);
      lastSeen.delete(key);
      lastSeen.set(key, at);
      if (lastSeen.size > maxKeys) lastSeen.delete(lastSeen.keys().next().value as string);
      return before !== undefined && at - before < options.windowMs;
    },
  };
}
