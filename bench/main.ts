/**
 * `npm run bench`: every scenario through every pipeline in one run, on one stack, side by side. A table on
 * stdout, progress on stderr, the full results as JSON in a file. `npm run bench -- --help` lists the options.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { upAndProvision } from '../src/cli/commands/stack';
import { loadConfig } from '../src/config/app-config';
import { createLogger } from '../src/logger';
import { stderrProgress } from '../src/stack/progress';
import { runCapacityCell, runKafkaCell, type KafkaPipeline } from './cells';
import { runSinkCeiling, runTemporalCeiling } from './ceilings';
import { createBenchContext, WATCHED_DOMAIN, type BenchContext } from './context';
import { directPipeline } from './direct';
import { parseOptions, type BenchOptions } from './options';
import {
  formatTable,
  PIPELINE_TITLES,
  resultWithoutFigures,
  type CellResult,
  type PipelineId,
} from './report';
import { syncHubPipeline } from './synchub';
import { COUNTING_RULES } from './temporal-cost';
import { buildWorkload, SCENARIO_TITLES, SCENARIOS, type ScenarioId } from './workload';

interface Cell {
  pipeline: PipelineId;
  scenario: ScenarioId;
  run(ctx: BenchContext): Promise<CellResult>;
}

/**
 * The rate of the `sustained` scenario: as given, else half of the highest rate SyncHub kept up with in the
 * `capacity` scenario of the same run (half of its `running` throughput when that did not run).
 */
function sustainedRate(options: BenchOptions, results: readonly CellResult[]): number {
  if (options.sustainedRate) return options.sustainedRate;
  const synchub = (scenario: string) =>
    results.find((r) => r.pipeline === 'synchub' && r.scenario === scenario)?.changesPerSecond;
  const highest = synchub('capacity') ?? synchub('running');
  return highest ? Math.max(1, Math.round(highest / 2)) : options.sizes.sustainedRate;
}

/** Every cell of the bench, in the order they run and are reported: ceilings, then each scenario's pair. */
function allCells(
  options: BenchOptions,
  kafkaPipelines: KafkaPipeline[],
  results: readonly CellResult[],
): Cell[] {
  const limits = { timeoutMs: options.timeoutSeconds * 1000 };
  const { sizes, inFlight } = options;
  const cells: Cell[] = [
    {
      pipeline: 'temporal-ceiling',
      scenario: 'new',
      run: (ctx) =>
        runTemporalCeiling(ctx, 'new', { entities: sizes.newEntities, versions: 1 }, inFlight, limits),
    },
    {
      pipeline: 'temporal-ceiling',
      scenario: 'running',
      run: (ctx) =>
        runTemporalCeiling(
          ctx,
          'running',
          { entities: sizes.runningEntities, versions: sizes.runningVersions },
          inFlight,
          limits,
        ),
    },
    {
      pipeline: 'sink-ceiling',
      scenario: 'new',
      run: (ctx) => runSinkCeiling(ctx, buildWorkload('new', sizes, ctx.nextPrefix()), inFlight, limits),
    },
  ];
  for (const scenario of SCENARIOS) {
    for (const pipeline of kafkaPipelines) {
      cells.push({
        pipeline: pipeline.id,
        scenario,
        run: (ctx) => {
          if (scenario === 'capacity') {
            return runCapacityCell(
              ctx,
              pipeline,
              buildWorkload(scenario, sizes, ctx.nextPrefix()),
              { fromRate: sizes.probeFromRate, stepSeconds: sizes.probeStepSeconds },
              limits,
            );
          }
          const scenarioSizes =
            scenario === 'sustained' ? { ...sizes, sustainedRate: sustainedRate(options, results) } : sizes;
          return runKafkaCell(
            ctx,
            pipeline,
            buildWorkload(scenario, scenarioSizes, ctx.nextPrefix()),
            limits,
          );
        },
      });
    }
  }
  return cells.filter(
    (cell) =>
      options.only.length === 0 ||
      options.only.some(
        (token) =>
          token === cell.pipeline || token === cell.scenario || token === `${cell.pipeline}/${cell.scenario}`,
      ),
  );
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function failedCell(cell: Cell, error: unknown): CellResult {
  return resultWithoutFigures({
    pipeline: cell.pipeline,
    scenario: cell.scenario,
    title: SCENARIO_TITLES[cell.scenario],
    description: 'failed',
    warmupChanges: 0,
    notes: [`failed: ${error instanceof Error ? error.message : String(error)}`],
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const startedAt = new Date();
  const began = Date.now();
  const progress = (message: string) => {
    const elapsed = Math.round((Date.now() - began) / 1000);
    process.stderr.write(
      `[bench ${String(Math.floor(elapsed / 60)).padStart(2, '0')}:${String(elapsed % 60).padStart(2, '0')}] ${message}\n`,
    );
  };
  const base = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'bench', 'stderr');
  const abort = new AbortController();
  const stop = () => {
    progress('interrupted: stopping after cleanup');
    abort.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const kafkaPipelines = [directPipeline(logger), syncHubPipeline(logger)];
  const results: CellResult[] = [];
  const cells = allCells(options, kafkaPipelines, results);
  if (cells.length === 0) throw new Error(`--only ${options.only.join(',')} selects nothing`);
  progress(`${cells.length} scenarios to run: ${cells.map((c) => `${c.pipeline}/${c.scenario}`).join(', ')}`);
  if (base.localStack) await upAndProvision(base, stderrProgress);

  const ctx = await createBenchContext(base, logger, progress, abort.signal);
  try {
    for (const cell of cells) {
      if (abort.signal.aborted) break;
      try {
        results.push(await cell.run(ctx));
      } catch (error) {
        progress(
          `${cell.pipeline}/${cell.scenario} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        results.push(failedCell(cell, error));
      }
    }
  } finally {
    progress('deleting the run’s table, topic and queues');
    const received = ctx.drain.received();
    await ctx.close();
    const finishedAt = new Date();
    const report = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      runId: ctx.runId,
      arguments: process.argv.slice(2),
      commit: gitCommit(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
      },
      stack: base.localStack
        ? { embedded: true, ...base.stack.versions }
        : { embedded: false, temporal: base.temporal.address },
      sizes: options.sizes,
      inFlight: options.inFlight,
      watchedQueue: WATCHED_DOMAIN,
      queueMessagesReceived: received,
      countingRules: COUNTING_RULES,
      scenarios: SCENARIO_TITLES,
      pipelines: PIPELINE_TITLES,
      results,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatTable(results)}\n`);
    progress(`results written to ${options.out}`);
  }
  if (
    abort.signal.aborted ||
    results.some((r) => !r.complete || r.notes.some((n) => n.startsWith('failed')))
  ) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
