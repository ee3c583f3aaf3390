/**
 * The search behind the `capacity` scenario: which open-loop rate to try next, given the rates tried so far
 * and whether the pipeline kept up with each. Doubling from the first rate until a rate is not kept up with
 * (halving when the first already is not), then the geometric middle of the highest rate kept up with and
 * the lowest not, until they are within `precision` of each other.
 */

export interface ProbeStep {
  /** Changes per second produced. */
  rate: number;
  /** Every change of the step was delivered within the grace period after the last was produced. */
  keptUp: boolean;
}

export interface ProbeLimits {
  fromRate: number;
  /** Highest rate tried (the producer's or the machine's limit, not the pipeline's). */
  maxRate: number;
  /** Lowest rate tried. */
  minRate: number;
  /** Stop when lowest-not-kept-up / highest-kept-up is at most this. */
  precision: number;
  maxSteps: number;
}

export const DEFAULT_PROBE_LIMITS: Omit<ProbeLimits, 'fromRate'> = {
  maxRate: 5_000,
  minRate: 1,
  precision: 1.1,
  maxSteps: 8,
};

/** The highest rate kept up with, and the lowest rate above it that was not. */
export function probeBracket(steps: readonly ProbeStep[]): { keptUp?: number; behind?: number } {
  const kept = steps.filter((step) => step.keptUp).map((step) => step.rate);
  const keptUp = kept.length > 0 ? Math.max(...kept) : undefined;
  const behindRates = steps
    .filter((step) => !step.keptUp && (keptUp === undefined || step.rate > keptUp))
    .map((step) => step.rate);
  const behind = behindRates.length > 0 ? Math.min(...behindRates) : undefined;
  return { ...(keptUp !== undefined ? { keptUp } : {}), ...(behind !== undefined ? { behind } : {}) };
}

/** The next rate to try (whole changes per second), or undefined when the search is over. */
export function nextProbeRate(steps: readonly ProbeStep[], limits: ProbeLimits): number | undefined {
  if (steps.length === 0)
    return Math.min(limits.maxRate, Math.max(limits.minRate, Math.round(limits.fromRate)));
  if (steps.length >= limits.maxSteps) return undefined;
  const tried = new Set(steps.map((step) => step.rate));
  const { keptUp, behind } = probeBracket(steps);
  let next: number;
  if (behind === undefined) {
    // Kept up with everything so far.
    next = Math.min(limits.maxRate, keptUp! * 2);
  } else if (keptUp === undefined) {
    next = Math.max(limits.minRate, Math.floor(behind / 2));
  } else {
    if (behind / keptUp <= limits.precision) return undefined;
    next = Math.round(Math.sqrt(keptUp * behind));
  }
  return tried.has(next) ? undefined : next;
}
