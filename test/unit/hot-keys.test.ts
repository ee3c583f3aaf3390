import { createHotKeyTracker } from '../../src/ingest/hot-keys';

describe('hot key tracker', () => {
  it('a key is hot when it changed again within the window, per key', () => {
    let clock = 0;
    const hot = createHotKeyTracker({ windowMs: 1_000, now: () => clock });
    expect(hot.touch('material:1')).toBe(false);
    clock = 500;
    expect(hot.touch('material:1')).toBe(true);
    expect(hot.touch('material:2')).toBe(false);
    clock = 2_000;
    expect(hot.touch('material:1')).toBe(false);
  });

  it('forgets the least recently seen keys beyond its bound', () => {
    const hot = createHotKeyTracker({ windowMs: 1_000, maxKeys: 2, now: () => 0 });
    hot.touch('a');
    hot.touch('b');
    hot.touch('c');
    expect(hot.touch('a')).toBe(false);
    expect(hot.touch('c')).toBe(true);
  });
});
