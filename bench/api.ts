/**
 * `npm run bench:api`: the HTTP API under load, side by side with the ceilings of the same run.
 *
 * - Reads: a mix of record, version-history and changed-since reads, open loop at a fixed rate, first straight
 *   against DynamoDB through the store the API uses (the ceiling), then through a real `synchub serve`.
 *   Latency counts from each request's scheduled time, so a slow server cannot hide behind a slow generator.
 * - Inbound IDocs: `POST /idocs` with one IDoc per request, closed loop, against producing the same documents
 *   to Kafka directly (acks=all), which is all the API does before it answers.
 *
 * A table on stdout, progress on stderr, the figures as JSON in a file. `npm run bench:api -- --help`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createRecordStore, type RecordStore } from '../src/adapters/record-store';
import { upAndProvision } from '../src/cli/commands/stack';
import { createProducer } from '../src/clients/kafka';
import { loadConfig } from '../src/config/app-config';
import { canonicalMaterialNumber, transformIdoc } from '../src/domain';
import { createLogger } from '../src/logger';
import { ensureKafkaTopics } from '../src/provision/kafka';
import { stderrProgress } from '../src/stack/progress';
import { materialIdoc } from '../src/tools/matmas-generator';
import { StopWaiting, waitFor } from '../src/util/wait-for';
import { freeLoopbackPort } from '../src/workers/temporal-runtime';
import { inPool, sleep } from './async';
import { createBenchContext, type BenchContext } from './context';
import { percentiles, type Percentiles } from './report';

type ReadKind = 'record' | 'versions' | 'changed';
type Mix = Record<ReadKind, number>;
/**
 * Default share of each read kind: mostly single records, as a consumer looking up what it was told about.
 * Changed-since pages run as a phase of their own at `--changed-rate`: on an emulator a query over the index
 * costs time in proportion to the whole index, not the page, and would swamp the point reads.
 */
const DEFAULT_MIX: Mix = { record: 80, versions: 20, changed: 0 };
const VERSIONS_PER_ENTITY = 3;
const CHANGED_PAGE = 50;
const SERIAL = '20261130120000';

interface ApiBenchOptions {
  mix: Mix;
  changedRate: number;
  entities: number;
  rate: number;
  seconds: number;
  idocSeconds: number;
  concurrency: number;
  out: string;
}

interface ReadRun {
  phase: string;
  what: 'ceiling' | 'api';
  rate: number;
  requests: number;
  seconds: number;
  achievedPerSecond: number;
  errors: number;
  firstError?: string;
  latencyMs: Percentiles;
  byKind: Record<ReadKind, Percentiles>;
}

interface IntakeRun {
  what: 'ceiling' | 'api';
  concurrency: number;
  idocs: number;
  seconds: number;
  perSecond: number;
  errors: number;
  firstError?: string;
  latencyMs: Percentiles;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
  return n;
}

function mixOption(value: string): Mix {
  const mix: Mix = { record: 0, versions: 0, changed: 0 };
  for (const part of value.split(',')) {
    const [kind, share] = part.split(':');
    if (!kind || !(kind in mix) || share === undefined || !(Number(share) >= 0))
      throw new InvalidArgumentError('expected kind:share,… with kinds record, versions, changed');
    mix[kind as ReadKind] = Number(share);
  }
  if (mix.record + mix.versions + mix.changed <= 0) throw new InvalidArgumentError('every share is 0');
  return mix;
}

function parseOptions(argv: string[]): ApiBenchOptions {
  const raw = new Command()
    .name('npm run bench:api --')
    .description(
      'Benchmarks the HTTP API on the embedded stack (or the one TEMPORAL_ADDRESS, KAFKA_BROKERS and ' +
        'AWS_ENDPOINT_URL* name): reads open loop at a fixed rate, and inbound IDocs closed loop, each next to ' +
        'its ceiling measured in the same run. Seeds its own table; deletes what it created.',
    )
    .option(
      '--mix <shares>',
      'read mix as kind:share (record: GET /entities/material/{key}; versions: …/versions; changed: ' +
        'GET /entities/material?since=…, a page of 50)',
      mixOption,
      DEFAULT_MIX,
    )
    .option(
      '--changed-rate <n>',
      'changed-since pages per second, a phase of its own (0: none)',
      (value: string) => (value === '0' ? 0 : positive(value)),
      5,
    )
    .option('--entities <n>', 'materials seeded, 3 versions each', positive, 1000)
    .option('--rate <n>', 'reads per second, open loop', positive, 200)
    .option('--seconds <n>', 'duration of each read phase', positive, 30)
    .option('--idoc-seconds <n>', 'duration of each inbound-IDoc phase', positive, 20)
    .option('--concurrency <n>', 'inbound IDoc requests in flight', positive, 8)
    .option('--quick', 'smoke run: 100 entities, 5 s phases')
    .option('--out <file>', 'JSON results (default .synchub/bench/api-<time>.json)')
    .parse(argv)
    .opts<Omit<ApiBenchOptions, 'out'> & { quick?: boolean; out?: string }>();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    mix: raw.mix,
    changedRate: raw.changedRate,
    entities: Math.round(raw.quick ? Math.min(raw.entities, 100) : raw.entities),
    rate: raw.rate,
    seconds: raw.quick ? Math.min(raw.seconds, 5) : raw.seconds,
    idocSeconds: raw.quick ? Math.min(raw.idocSeconds, 5) : raw.idocSeconds,
    concurrency: Math.round(raw.concurrency),
    out: path.resolve(raw.out ?? path.join(__dirname, '..', '..', '.synchub', 'bench', `api-${stamp}.json`)),
  };
}

/** Material numbers of the seeded entities, as SAP sends them (the API accepts them without leading zeros). */
function seededMaterials(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
}

async function seed(
  store: RecordStore,
  materials: string[],
  progress: (message: string) => void,
): Promise<void> {
  let done = 0;
  await inPool(materials, 16, async (matnr) => {
    for (let v = 1; v <= VERSIONS_PER_ENTITY; v += 1) {
      const docnum = Number(matnr.slice(-6)) * VERSIONS_PER_ENTITY + v;
      const record = transformIdoc(materialIdoc({ matnr, docnum, serial: SERIAL, plants: 2 }));
      await store.persist(record, new Date().toISOString());
    }
    done += 1;
    if (done % 250 === 0 || done === materials.length)
      progress(`seeded ${done}/${materials.length} materials`);
  });
}

/** The read mix: a deterministic sequence of kinds in the configured shares, and a key for each. */
function readPlan(count: number, materials: string[], mix: Mix): { kind: ReadKind; matnr: string }[] {
  const total = mix.record + mix.versions + mix.changed;
  const plan: { kind: ReadKind; matnr: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    // Spread the kinds evenly over the run (a golden-ratio sequence), not in blocks.
    const slot = ((i * 0.6180339887) % 1) * total;
    const kind: ReadKind =
      slot < mix.record ? 'record' : slot < mix.record + mix.versions ? 'versions' : 'changed';
    plan.push({ kind, matnr: materials[(i * 7919) % materials.length]! });
  }
  return plan;
}

/** Runs `call` open loop at `rate` per second for `seconds`; latency from each call's scheduled time. */
interface ReadPhase {
  name: string;
  rate: number;
  seconds: number;
  mix: Mix;
}

async function openLoop(
  what: ReadRun['what'],
  { name, rate, seconds, mix }: ReadPhase,
  materials: string[],
  call: (kind: ReadKind, matnr: string) => Promise<void>,
  signal: AbortSignal,
): Promise<ReadRun> {
  const plan = readPlan(Math.round(rate * seconds), materials, mix);
  const latencies: number[] = [];
  const byKind: Record<ReadKind, number[]> = { record: [], versions: [], changed: [] };
  let errors = 0;
  let firstError: string | undefined;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  for (let i = 0; i < plan.length && !signal.aborted; i += 1) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait, signal);
    const { kind, matnr } = plan[i]!;
    const request = call(kind, matnr)
      .then(() => {
        const ms = performance.now() - scheduled;
        latencies.push(ms);
        byKind[kind].push(ms);
      })
      .catch((error: unknown) => {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  return {
    phase: name,
    what,
    rate,
    requests: latencies.length + errors,
    seconds: Number(elapsed.toFixed(1)),
    achievedPerSecond: Number((latencies.length / elapsed).toFixed(1)),
    errors,
    ...(firstError ? { firstError } : {}),
    latencyMs: percentiles(latencies),
    byKind: {
      record: percentiles(byKind.record),
      versions: percentiles(byKind.versions),
      changed: percentiles(byKind.changed),
    },
  };
}

/** Runs `call` with `concurrency` in flight for `seconds`. */
async function closedLoop(
  what: IntakeRun['what'],
  concurrency: number,
  seconds: number,
  call: (i: number) => Promise<void>,
  signal: AbortSignal,
): Promise<IntakeRun> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && !signal.aborted) {
        const i = next++;
        const began = performance.now();
        try {
          await call(i);
          latencies.push(performance.now() - began);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    what,
    concurrency,
    idocs: latencies.length,
    seconds: Number(elapsed.toFixed(1)),
    perSecond: Number((latencies.length / elapsed).toFixed(1)),
    errors,
    ...(firstError ? { firstError } : {}),
    latencyMs: percentiles(latencies),
  };
}

/** A real `synchub serve` on a free loopback port, against the run's table and topic. */
async function startServe(
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freeLoopbackPort();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, '..', '..', 'bin', 'synchub.js'), 'serve'],
    {
      env: { ...env, SYNCHUB_HTTP_PORT: String(port), SYNCHUB_HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor(
    `synchub serve ready on ${base}`,
    async () => {
      if (child.exitCode !== null)
        throw new StopWaiting(`synchub serve exited (${child.exitCode}); see ${logFile}`);
      const response = await fetch(`${base}/readyz`).catch(() => undefined);
      return response?.status === 200;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return {
    base,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function expectOk(response: Response): Promise<void> {
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function ms(p: Percentiles): string {
  return [p.p50, p.p95, p.p99, p.max].map((v) => (v === null ? '-' : v.toFixed(1))).join(' / ');
}

function formatReport(reads: ReadRun[], intake: IntakeRun[]): string {
  const phases = [...new Set(reads.map((r) => r.phase))];
  const phaseOrder = (r: ReadRun) => phases.indexOf(r.phase);
  const lines = [
    row([
      'reads',
      'through',
      'target/s',
      'achieved/s',
      'requests',
      'errors',
      'p50 / p95 / p99 / max ms',
      'record p99',
      'versions p99',
      'changed p99',
    ]),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...[...reads]
      .sort((a, b) => phaseOrder(a) - phaseOrder(b) || (a.what === 'ceiling' ? -1 : 1))
      .map((r) =>
        row([
          r.phase,
          r.what === 'api' ? 'HTTP API (synchub serve)' : 'ceiling: DynamoDB via the store',
          String(r.rate),
          r.achievedPerSecond.toFixed(1),
          String(r.requests),
          String(r.errors),
          ms(r.latencyMs),
          r.byKind.record.p99?.toFixed(1) ?? '-',
          r.byKind.versions.p99?.toFixed(1) ?? '-',
          r.byKind.changed.p99?.toFixed(1) ?? '-',
        ]),
      ),
    '',
    row(['inbound IDocs', 'in flight', 'IDocs', 'seconds', 'IDocs/s', 'errors', 'p50 / p95 / p99 / max ms']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...intake.map((r) =>
      row([
        r.what === 'api' ? 'POST /idocs (synchub serve)' : 'ceiling: Kafka produce, acks=all',
        String(r.concurrency),
        String(r.idocs),
        r.seconds.toFixed(1),
        r.perSecond.toFixed(1),
        String(r.errors),
        ms(r.latencyMs),
      ]),
    ),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const began = Date.now();
  const progress = (message: string) =>
    process.stderr.write(`[bench:api ${Math.round((Date.now() - began) / 1000)} s] ${message}\n`);
  const base = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', 'bench', 'stderr');
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  process.once('SIGTERM', () => abort.abort());
  if (base.localStack) await upAndProvision(base, stderrProgress);

  const ctx: BenchContext = await createBenchContext(base, logger, progress, abort.signal);
  const reads: ReadRun[] = [];
  const intake: IntakeRun[] = [];
  const topic = `synchub-${ctx.runId}.material`;
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  try {
    const store = createRecordStore(ctx.aws.documents, ctx.table);
    const materials = seededMaterials(ctx.nextPrefix(), options.entities);
    progress(`seeding ${materials.length} materials x ${VERSIONS_PER_ENTITY} versions into ${ctx.table}`);
    const since = new Date(Date.now() - 1000).toISOString();
    await seed(store, materials, progress);
    await ensureKafkaTopics(ctx.kafka, [topic]);

    const direct = async (kind: ReadKind, matnr: string) => {
      const key = canonicalMaterialNumber(matnr);
      if (kind === 'record') {
        if (!(await store.get('material', key))) throw new Error(`material ${key} not found`);
      } else if (kind === 'versions') await store.history('material', key);
      else await store.changedPage('material', since, { limit: CHANGED_PAGE });
    };
    // SAP's material numbers as sent, leading zeros and all: the API finds the canonical key.
    const overHttp = (api: string) => async (kind: ReadKind, matnr: string) => {
      const url =
        kind === 'record'
          ? `${api}/entities/material/${matnr}`
          : kind === 'versions'
            ? `${api}/entities/material/${matnr}/versions`
            : `${api}/entities/material?since=${encodeURIComponent(since)}&limit=${CHANGED_PAGE}`;
      await expectOk(await fetch(url));
    };
    const phases: ReadPhase[] = [
      { name: 'reads', rate: options.rate, seconds: options.seconds, mix: options.mix },
      ...(options.changedRate > 0
        ? [
            {
              name: 'changed pages',
              rate: options.changedRate,
              seconds: options.seconds,
              mix: { record: 0, versions: 0, changed: 1 },
            },
          ]
        : []),
    ];
    for (const phase of phases) {
      progress(`${phase.name}, ceiling: ${phase.rate}/s for ${phase.seconds} s straight to DynamoDB`);
      reads.push(await openLoop('ceiling', phase, materials, direct, abort.signal));
    }

    progress('starting synchub serve');
    serve = await startServe(
      { ...ctx.env, SYNCHUB_TOPIC_MATERIAL: topic },
      path.join(path.dirname(options.out), `api-${ctx.runId}-serve.log`),
    );
    const api = serve.base;
    // Warm the connection pool and the server's first-call paths; not measured.
    for (const matnr of materials.slice(0, 20))
      await expectOk(await fetch(`${api}/entities/material/${matnr}`));
    for (const phase of phases) {
      progress(`${phase.name}, HTTP API: ${phase.rate}/s for ${phase.seconds} s`);
      reads.push(await openLoop('api', phase, materials, overHttp(api), abort.signal));
    }

    const idocPrefix = ctx.nextPrefix();
    const idoc = (i: number) =>
      materialIdoc({ matnr: `${idocPrefix}${String(i).padStart(6, '0')}`, docnum: i + 1, serial: SERIAL });
    const producer = createProducer(ctx.kafka);
    await producer.connect();
    try {
      progress(
        `inbound IDocs, ceiling: Kafka produce, ${options.concurrency} in flight, ${options.idocSeconds} s`,
      );
      intake.push(
        await closedLoop(
          'ceiling',
          options.concurrency,
          options.idocSeconds,
          async (i) => {
            await producer.send({
              topic,
              acks: -1,
              messages: [
                {
                  key: canonicalMaterialNumber(`${idocPrefix}${String(i).padStart(6, '0')}`),
                  value: idoc(i),
                },
              ],
            });
          },
          abort.signal,
        ),
      );
    } finally {
      await producer.disconnect();
    }
    progress(`inbound IDocs, POST /idocs: ${options.concurrency} in flight, ${options.idocSeconds} s`);
    intake.push(
      await closedLoop(
        'api',
        options.concurrency,
        options.idocSeconds,
        async (i) => {
          const response = await fetch(`${api}/idocs`, {
            method: 'POST',
            headers: { 'content-type': 'application/xml' },
            body: idoc(1_000_000 + i),
          });
          await expectOk(response);
          if (response.status !== 202) throw new Error(`HTTP ${response.status}, expected 202`);
        },
        abort.signal,
      ),
    );
  } finally {
    await serve?.stop();
    const admin = ctx.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteTopics({ topics: [topic] }))
      .catch(() => undefined)
      .finally(() => admin.disconnect());
    progress('deleting the run’s table, topic and queues');
    await ctx.close();
  }
  const report = {
    startedAt: new Date(began).toISOString(),
    finishedAt: new Date().toISOString(),
    runId: ctx.runId,
    arguments: process.argv.slice(2),
    options,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, node: process.version },
    stack: base.localStack ? { embedded: true, ...base.stack.versions } : { embedded: false },
    reads,
    intake,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(reads, intake)}\n`);
  progress(`results written to ${options.out}`);
  if (abort.signal.aborted || [...reads, ...intake].some((r) => r.errors > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
