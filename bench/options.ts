import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { PIPELINES } from './report';
import { SCENARIO_TITLES, SCENARIOS, type WorkloadSizes } from './workload';

export interface BenchOptions {
  sizes: WorkloadSizes;
  /** Calls in flight for the ceilings. */
  inFlight: number;
  timeoutSeconds: number;
  only: string[];
  out: string;
  /**
   * `--sustained-rate`; absent: half of the highest rate SyncHub kept up with in the `capacity` scenario of the
   * same run (else half of its `running` throughput; `sizes.sustainedRate` when neither ran).
   */
  sustainedRate?: number;
}

/** The default run: about 15 minutes on a 2-core machine that runs the whole stack. */
const FULL: WorkloadSizes = {
  newEntities: 500,
  runningEntities: 100,
  runningVersions: 5,
  hotVersions: 1000,
  hotKeys: 10,
  hotKeyVersions: 100,
  rate: 10,
  durationSeconds: 60,
  sustainedRate: 50,
  openLoopEntities: 1000,
  probeFromRate: 50,
  probeStepSeconds: 20,
};

/** `--quick`: every scenario with a few dozen changes, to see that everything works. */
const QUICK: WorkloadSizes = {
  newEntities: 30,
  runningEntities: 10,
  runningVersions: 3,
  hotVersions: 50,
  hotKeys: 5,
  hotKeyVersions: 10,
  rate: 5,
  durationSeconds: 10,
  sustainedRate: 10,
  openLoopEntities: 50,
  probeFromRate: 10,
  probeStepSeconds: 5,
};

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

function keysByVersions(value: string): [number, number] {
  const match = /^(\d+)x(\d+)$/.exec(value);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new InvalidArgumentError('expected <materials>x<versions>, e.g. 10x100');
  }
  return [Number(match[1]), Number(match[2])];
}

const SELECTABLE = new Set<string>([
  ...PIPELINES,
  ...SCENARIOS,
  ...PIPELINES.flatMap((p) => SCENARIOS.map((s) => `${p}/${s}`)),
]);

function selection(value: string): string[] {
  const tokens = value
    .split(',')
    .map((token) => token.trim())
    .filter(Boolean);
  const unknown = tokens.filter((token) => !SELECTABLE.has(token));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown: ${unknown.join(', ')}`);
  return tokens;
}

interface RawOptions {
  quick?: boolean;
  only?: string[];
  scale?: number;
  new?: number;
  entities?: number;
  versions?: number;
  hot?: number;
  hotKeys?: [number, number];
  rate?: number;
  sustainedRate?: number;
  duration?: number;
  openLoopEntities?: number;
  probeFrom?: number;
  probeStep?: number;
  inFlight: number;
  timeout: number;
  out?: string;
}

export function parseOptions(argv: string[]): BenchOptions {
  const program = new Command()
    .name('npm run bench --')
    .description(
      'Runs the scenarios through the pipelines one after the other on one stack (the embedded local stack ' +
        'unless TEMPORAL_ADDRESS, KAFKA_BROKERS or AWS_ENDPOINT_URL* say otherwise). Prints one table on ' +
        'stdout and progress on stderr, and writes every figure as JSON.\n\n' +
        `Pipelines: ${PIPELINES.join(', ')}. The ceilings run the scenarios new and (Temporal) running only.\n\n` +
        `Scenarios:\n${SCENARIOS.map((s) => `  ${s.padEnd(10)} ${SCENARIO_TITLES[s]}`).join('\n')}`,
    )
    .option('--quick', 'smoke run: a few dozen changes per scenario (a few minutes)')
    .option(
      '--only <list>',
      'run only these: pipelines, scenarios or pipeline/scenario, comma-separated',
      selection,
    )
    .option(
      '--scale <factor>',
      'multiply the changes of every scenario (entities, versions of hot keys, open-loop duration)',
      positiveNumber,
    )
    .option(
      '--new <n>',
      `new entities, burst (default ${FULL.newEntities}; quick ${QUICK.newEntities})`,
      positiveInt,
    )
    .option(
      '--entities <n>',
      `running entities (default ${FULL.runningEntities}; quick ${QUICK.runningEntities})`,
      positiveInt,
    )
    .option(
      '--versions <n>',
      `versions per running entity after its first (default ${FULL.runningVersions}; quick ${QUICK.runningVersions})`,
      positiveInt,
    )
    .option(
      '--hot <n>',
      `versions of the one hot material (default ${FULL.hotVersions}; quick ${QUICK.hotVersions})`,
      positiveInt,
    )
    .option(
      '--hot-keys <KxV>',
      `hot materials x versions (default ${FULL.hotKeys}x${FULL.hotKeyVersions}; quick ${QUICK.hotKeys}x${QUICK.hotKeyVersions})`,
      keysByVersions,
    )
    .option(
      '--rate <n>',
      `open-loop changes per second (default ${FULL.rate}; quick ${QUICK.rate})`,
      positiveNumber,
    )
    .option(
      '--sustained-rate <n>',
      'changes per second of the sustained scenario (default: half of the highest rate SyncHub kept up ' +
        'with in the capacity scenario of the same run, else half of its running throughput; ' +
        `${FULL.sustainedRate} when neither runs)`,
      positiveNumber,
    )
    .option(
      '--duration <seconds>',
      `open-loop duration of rate and sustained (default ${FULL.durationSeconds}; quick ${QUICK.durationSeconds})`,
      positiveNumber,
    )
    .option(
      '--open-loop-entities <n>',
      'capacity and sustained: materials synced once, then changed round-robin ' +
        `(default ${FULL.openLoopEntities}; quick ${QUICK.openLoopEntities})`,
      positiveInt,
    )
    .option(
      '--probe-from <n>',
      `capacity: the first rate tried, changes per second (default ${FULL.probeFromRate}; quick ${QUICK.probeFromRate})`,
      positiveNumber,
    )
    .option(
      '--probe-step <seconds>',
      `capacity: how long each rate is produced (default ${FULL.probeStepSeconds}; quick ${QUICK.probeStepSeconds})`,
      positiveNumber,
    )
    .option('--in-flight <n>', 'calls in flight for the ceilings', positiveInt, 32)
    .option(
      '--timeout <seconds>',
      'give up on a scenario that has not completed after this long',
      positiveInt,
      600,
    )
    .option('--out <file>', 'JSON results (default .synchub/bench/bench-<time>.json)')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  npm run bench                          # everything, default sizes\n' +
        '  npm run bench -- --quick               # smoke run\n' +
        '  npm run bench -- --only synchub,direct --rate 167 --duration 120\n' +
        '  npm run bench -- --only hot1 --hot 10000',
    )
    .parse(argv);
  const raw = program.opts<RawOptions>();
  const defaults = raw.quick ? QUICK : FULL;
  const scale = raw.scale ?? 1;
  const scaled = (given: number | undefined, fallback: number) =>
    Math.max(1, Math.round((given ?? fallback) * scale));
  const sizes: WorkloadSizes = {
    newEntities: scaled(raw.new, defaults.newEntities),
    runningEntities: scaled(raw.entities, defaults.runningEntities),
    runningVersions: raw.versions ?? defaults.runningVersions,
    hotVersions: scaled(raw.hot, defaults.hotVersions),
    hotKeys: raw.hotKeys?.[0] ?? defaults.hotKeys,
    hotKeyVersions: scaled(raw.hotKeys?.[1], defaults.hotKeyVersions),
    rate: raw.rate ?? defaults.rate,
    durationSeconds: (raw.duration ?? defaults.durationSeconds) * scale,
    sustainedRate: raw.sustainedRate ?? defaults.sustainedRate,
    openLoopEntities: scaled(raw.openLoopEntities, defaults.openLoopEntities),
    probeFromRate: raw.probeFrom ?? defaults.probeFromRate,
    probeStepSeconds: raw.probeStep ?? defaults.probeStepSeconds,
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    sizes,
    inFlight: raw.inFlight,
    timeoutSeconds: raw.timeout,
    only: raw.only ?? [],
    ...(raw.sustainedRate ? { sustainedRate: raw.sustainedRate } : {}),
    out: path.resolve(
      raw.out ?? path.join(__dirname, '..', '..', '.synchub', 'bench', `bench-${stamp}.json`),
    ),
  };
}
