import { formatElapsed, runSteps } from '../../src/stack/progress';

describe('stack progress', () => {
  it('formats elapsed time in seconds, then minutes and seconds', () => {
    expect(formatElapsed(4_400)).toBe('4s');
    expect(formatElapsed(59_400)).toBe('59s');
    expect(formatElapsed(61_000)).toBe('1m01s');
    expect(formatElapsed(754_000)).toBe('12m34s');
  });

  it('announces each step, names what is still running while it works, and times each step', async () => {
    const lines: string[] = [];
    let finishSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      finishSlow = resolve;
    });
    const run = runSteps(
      (line) => lines.push(line),
      [
        { label: 'building A', run: () => slow },
        { label: 'fetching B', run: () => Promise.resolve() },
      ],
      20,
    );
    await new Promise((resolve) => setTimeout(resolve, 70));
    finishSlow();
    await run;
    expect(lines.slice(0, 2)).toEqual(['building A …', 'fetching B …']);
    expect(lines).toContainEqual(expect.stringMatching(/^fetching B: done in \d+s$/));
    const ticks = lines.filter((line) => line.startsWith('… '));
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.every((line) => /^… \d+s: still building A$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^building A: done in \d+s$/);
  });

  it('fails with the first failure after every step has ended', async () => {
    const ended: string[] = [];
    const failing = runSteps(
      () => undefined,
      [
        { label: 'a', run: () => Promise.reject(new Error('go build failed')) },
        {
          label: 'b',
          run: async () => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            ended.push('b');
          },
        },
      ],
    );
    await expect(failing).rejects.toThrow('go build failed');
    expect(ended).toEqual(['b']);
  });
});
