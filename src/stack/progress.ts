/** Progress lines for long stack work go to stderr so stdout stays parseable. */
export type Progress = (message: string) => void;

export const stderrProgress: Progress = (message) => {
  process.stderr.write(`[stack] ${message}\n`);
};

export const silentProgress: Progress = () => undefined;

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * Runs long steps in parallel and keeps the user informed: a line when each starts and finishes (with its
 * duration), and every `intervalMs` one line naming what is still running and for how long, so a first run
 * that builds tools for minutes never looks hung.
 */
export async function runSteps(
  progress: Progress,
  steps: { label: string; run: () => Promise<void> }[],
  intervalMs = 20_000,
  now: () => number = Date.now,
): Promise<void> {
  if (steps.length === 0) return;
  const started = now();
  const pending = new Set(steps.map((step) => step.label));
  const ticker = setInterval(() => {
    progress(`… ${formatElapsed(now() - started)}: still ${[...pending].join(', ')}`);
  }, intervalMs);
  ticker.unref();
  try {
    const results = await Promise.allSettled(
      steps.map(async (step) => {
        progress(`${step.label} …`);
        const stepStarted = now();
        try {
          await step.run();
        } finally {
          pending.delete(step.label);
        }
        progress(`${step.label}: done in ${formatElapsed(now() - stepStarted)}`);
      }),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    clearInterval(ticker);
  }
}
