/**
 * `npm run bench:load`: how fast `synchub load` moves entities from an OData API to Kafka. A loopback stand-in
 * for API_PRODUCT_SRV serves `--count` products (the A_Product fixture re-keyed, with its expansions) in
 * server pages of at most 1,000; a real `synchub load material` process reads them all and produces each to
 * a topic of its own (acks=all), and the run reports entities per second and what 100,000 would take.
 * The sync behind the topic (workflows, DynamoDB) is what `npm run bench` measures; it is not run here.
 *
 * `npm run bench:load -- --help`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { upAndProvision } from '../src/cli/commands/stack';
import { createKafka } from '../src/clients/kafka';
import { loadConfig } from '../src/config/app-config';
import { createLogger } from '../src/logger';
import { ensureKafkaTopics } from '../src/provision/kafka';
import { stderrProgress } from '../src/stack/progress';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICE = '/sap/opu/odata/sap/API_PRODUCT_SRV';
const SAMPLE_KEY = 'DEMOPRODUCT001';

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  return number;
}

/** A_Product collection of `count` products, $top/$skip with __next beyond 1,000 per answer. */
function startODataServer(
  count: number,
): Promise<{ url: string; requests: () => number; close: () => void }> {
  const page = JSON.parse(
    fs.readFileSync(
      path.join(ROOT, 'test', 'fixtures', 'sap', 'API_PRODUCT_SRV_A_Product_page.json'),
      'utf8',
    ),
  ) as { d: { results: unknown[] } };
  const sample = JSON.stringify(page.d.results[0]);
  const [before, after] = [sample.split(SAMPLE_KEY)[0]!, sample.split(SAMPLE_KEY).slice(1)];
  const entity = (index: number) => {
    const key = `BENCH-${String(index).padStart(8, '0')}`;
    return before + after.map((part) => key + part).join('');
  };
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    const url = new URL(request.url ?? '', 'http://localhost');
    const skip = Number(url.searchParams.get('$skiptoken') ?? url.searchParams.get('$skip') ?? '0');
    const top = Number(url.searchParams.get('$top') ?? String(count));
    const served = Math.min(top, 1_000, Math.max(0, count - skip));
    const parts = [`"results":[${Array.from({ length: served }, (_, i) => entity(skip + i)).join(',')}]`];
    if (url.searchParams.get('$inlinecount') === 'allpages') parts.unshift(`"__count":"${count}"`);
    if (top > served && skip + served < count) {
      const next = new URLSearchParams(url.searchParams);
      next.delete('$skip');
      next.delete('$inlinecount');
      next.set('$skiptoken', String(skip + served));
      next.set('$top', String(top - served));
      parts.push(`"__next":"${SERVICE}/A_Product?${next.toString()}"`);
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(`{"d":{${parts.join(',')}}}`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}${SERVICE}`,
        requests: () => requests,
        close: () => server.close(),
      });
    }),
  );
}

async function main(): Promise<void> {
  const options = new Command('bench:load')
    .description('entities per second of `synchub load material` against a loopback OData service')
    .option('--count <n>', 'products the service holds', positiveInt, 2_000)
    .option('--page-size <n>', 'entities per request', positiveInt, 500)
    .option('--rate <n>', 'requests per second toward the service', positiveInt, 1_000)
    .parse()
    .opts<{ count: number; pageSize: number; rate: number }>();

  const config = loadConfig();
  if (config.localStack) await upAndProvision(config, stderrProgress);
  const topic = `synchub.bench.load.${Date.now()}`;
  const kafka = createKafka(config.kafka, createLogger('warn', 'bench', 'stderr'), '-bench');
  await ensureKafkaTopics(kafka, [topic]);
  const service = await startODataServer(options.count);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-bench-load-'));
  const args = [
    path.join(ROOT, 'bin', 'synchub.js'),
    'load',
    'material',
    '--service-url',
    service.url,
    '--page-size',
    String(options.pageSize),
    '--rate',
    String(options.rate),
    '--state-file',
    path.join(stateDir, 'load.json'),
  ];
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, SYNCHUB_TOPIC_MATERIAL: topic },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  service.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`synchub load exited with ${code}`);
  const perSecond = options.count / seconds;
  process.stdout.write(
    `${options.count} products in ${seconds.toFixed(1)} s (${service.requests()} requests, page size ` +
      `${options.pageSize}): ${perSecond.toFixed(0)} entities/s, process start included; ` +
      `100,000 would take about ${(100_000 / perSecond / 60).toFixed(1)} min\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
