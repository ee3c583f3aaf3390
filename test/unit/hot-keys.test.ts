import { createHotKeyTracker } from '../../src/ingest/hot-keys';

describe('hot key tracker', () => {
  it('with a burst of 2, a key is hot when it changed again within the window, per key', () => {
    let clock = 0;
    const hot = createHotKeyTracker({ windowMs: 1_000, burst: 2, now: () => clock });
    expect(hot.touch('material:1')).toBe(false);
    clock = 500;
    expect(hot.touch('material:1')).toBe(true);
    expect(hot.touch('material:2')).toBe(false);
    clock = 2_000;
    expect(hot.touch('material:1')).toBe(false);
  });

  it('a key is hot only when the whole burst falls within the window', () => {
    let clock = 0;
    const hot = createHotKeyTracker({ windowMs: 2_000, burst: 4, now: () => clock });
    // One change a second, steadily: never four within two seconds.
    const steady = [0, 1_000, 2_000, 3_000, 4_000].map((at) => {
      clock = at;
      return hot.touch('material:steady');
    });
    expect(steady).toEqual([false, false, false, false, false]);
    // A burst: the fourth change within two seconds and every one after it is hot.
    const burst = [10_000, 10_010, 10_020, 10_030, 10_040, 10_050].map((at) => {
      clock = at;
      return hot.touch('material:burst');
    });
    expect(burst).toEqual([false, false, false, true, true, true]);
    // The burst over, the key cools down.
    clock = 20_000;
    expect(hot.touch('material:burst')).toBe(false);
  });

  it('forgets the least recently seen keys beyond its bound', () => {
    const hot = createHotKeyTracker({ windowMs: 1_000, burst: 2, maxKeys: 2, now: () => 0 });
    hot.touch('a');
    hot.touch('b');
    hot.touch('c');
    expect(hot.touch('a')).toBe(false);
    expect(hot.touch('c')).toBe(true);
  });

  it('refuses a burst below 2', () => {
    expect(() => createHotKeyTracker({ windowMs: 1_000, burst: 1 })).toThrow(/at least 2/);
  });
});
