import { DEFAULT_PROBE_LIMITS, nextProbeRate, probeBracket, type ProbeStep } from '../../bench/probe';

const limits = { ...DEFAULT_PROBE_LIMITS, fromRate: 50 };

/** Runs the search against a pipeline that keeps up with every rate up to `capacity`. */
function search(capacity: number, overrides: Partial<typeof limits> = {}): ProbeStep[] {
  const steps: ProbeStep[] = [];
  for (let rate = nextProbeRate(steps, { ...limits, ...overrides }); rate !== undefined;) {
    steps.push({ rate, keptUp: rate <= capacity });
    rate = nextProbeRate(steps, { ...limits, ...overrides });
  }
  return steps;
}

describe('the capacity probe', () => {
  it('starts at the first rate', () => {
    expect(nextProbeRate([], limits)).toBe(50);
  });

  it('doubles while kept up with, then narrows to within the precision', () => {
    const steps = search(150);
    expect(steps.slice(0, 3).map((s) => s.rate)).toEqual([50, 100, 200]);
    const { keptUp, behind } = probeBracket(steps);
    expect(keptUp).toBeLessThanOrEqual(150);
    expect(behind).toBeGreaterThan(150);
    expect(behind! / keptUp!).toBeLessThanOrEqual(limits.precision);
    expect(steps.length).toBeLessThanOrEqual(limits.maxSteps);
  });

  it('halves when the first rate is not kept up with', () => {
    const steps = search(20);
    expect(steps.slice(0, 3).map((s) => s.rate)).toEqual([50, 25, 12]);
    const { keptUp, behind } = probeBracket(steps);
    expect(keptUp).toBeLessThanOrEqual(20);
    expect(behind).toBeGreaterThan(20);
  });

  it('stops at the highest rate it may try', () => {
    const steps = search(1_000_000, { maxRate: 300 });
    expect(steps.map((s) => s.rate)).toEqual([50, 100, 200, 300]);
    expect(probeBracket(steps)).toEqual({ keptUp: 300 });
  });

  it('stops at the lowest rate when nothing is kept up with', () => {
    const steps = search(0);
    expect(steps.at(-1)!.rate).toBe(1);
    expect(probeBracket(steps)).toEqual({ behind: 1 });
  });

  it('gives up after the most steps allowed', () => {
    expect(search(150, { maxSteps: 3 })).toHaveLength(3);
  });

  it('takes the highest rate kept up with and the lowest above it not', () => {
    expect(
      probeBracket([
        { rate: 50, keptUp: true },
        { rate: 100, keptUp: false },
        { rate: 71, keptUp: true },
        { rate: 84, keptUp: false },
      ]),
    ).toEqual({ keptUp: 71, behind: 84 });
  });
});
