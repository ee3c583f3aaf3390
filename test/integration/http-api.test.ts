/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment,
   @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   the answers are JSON read over HTTP, checked field by field with expect */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { canonicalMaterialNumber } from '../../src/domain';
import { httpOk } from '../../src/stack/readiness';
import { materialDocument, materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';
import { Harness } from '../support/harness';
import { randomId } from '../support/ids';
import { changedEvent } from '../support/business-events';
import { queryDashboard, renderDashboardPng } from '../support/dashboard-render';
import { findPrometheus } from '../support/prometheus';
import { SupervisedProcess } from '../support/synchub-process';

jest.setTimeout(240_000);

const TOKEN = `token-${randomId()}`;
const READ_ONLY = `reader-${randomId()}`;
let harness: Harness;
let processes: SupervisedProcess[] = [];
const ports = { api: 0, worker: 0, ingester: 0 };
/** Scrapes from the start, so the dashboard shows the whole file's traffic. */
let prometheus: RunningPrometheus | undefined;

beforeAll(async () => {
  harness = await Harness.create();
  ports.api = await freeLoopbackPort();
  ports.worker = await freeLoopbackPort();
  ports.ingester = await freeLoopbackPort();
  const logDir = path.join(os.tmpdir(), `synchub-http-${harness.id}`);
  const env = (port: number, extra: Record<string, string> = {}) => ({
    ...harness.env,
    SYNCHUB_HTTP_PORT: String(port),
    SYNCHUB_METRICS_POLL_MS: '1000',
    LOG_LEVEL: 'info',
    ...extra,
  });
  processes = [
    new SupervisedProcess(
      'api',
      'serve',
      // One key with every role, one that may only read (given as its SHA-256).
      env(ports.api, {
        SYNCHUB_API_KEYS: `read+operate+ingest:${TOKEN},read:sha256:${createHash('sha256').update(READ_ONLY).digest('hex')}`,
      }),
      logDir,
    ),
    new SupervisedProcess('worker', 'worker', env(ports.worker), logDir),
    new SupervisedProcess('ingester', 'ingest', env(ports.ingester), logDir),
  ];
  for (const process of processes) process.start();
  for (const port of Object.values(ports))
    await waitFor(
      `the process on port ${port} to answer /healthz`,
      () => httpOk(`http://127.0.0.1:${port}/healthz`),
      {
        timeoutMs: 60_000,
      },
    );
  prometheus = await startPrometheus();
});

/** A real Prometheus scraping the three processes and the Temporal server every second, with the alert rules. */
interface RunningPrometheus {
  url: string;
  /** Unix seconds when it started scraping. */
  since: number;
  api(query: string): Promise<{ status: string; data: any; error?: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

async function startPrometheus(): Promise<RunningPrometheus> {
  const tools = findPrometheus(harness.config.stack.cacheDir);
  if (!tools) throw new Error('Prometheus was not installed by the test run set-up');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-prometheus-'));
  const webPort = await freeLoopbackPort();
  const targets = (port: number) => `['127.0.0.1:${port}']`;
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ['${path.join(MONITORING, 'alerts.yml')}']`,
      'scrape_configs:',
      `  - { job_name: synchub-api, static_configs: [{ targets: ${targets(ports.api)} }] }`,
      `  - { job_name: synchub-worker, static_configs: [{ targets: ${targets(ports.worker)} }] }`,
      `  - { job_name: synchub-ingester, static_configs: [{ targets: ${targets(ports.ingester)} }] }`,
      // The embedded stack's Temporal server serves its own metrics too.
      `  - { job_name: temporal-server, static_configs: [{ targets: ${targets(harness.config.stack.temporalMetricsPort)} }] }`,
      '',
    ].join('\n'),
  );
  const server = spawn(
    tools.prometheus,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`,
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${webPort}`;
  return {
    url,
    since: Math.floor(Date.now() / 1000),
    async api(query) {
      const response = await fetch(`${url}/api/v1/${query}`);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (await response.json()) as { status: string; data: any; error?: string };
    },
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

afterAll(async () => {
  await prometheus?.stop();
  await Promise.all(processes.map((process) => process.stop()));
  await harness.close();
});

interface Answer {
  status: number;
  contentType?: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
  method: string,
  url: string,
  options: { body?: string | object; contentType?: string; token?: string | null; port?: number } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (typeof options.body === 'string') {
    body = options.body;
    headers['content-type'] = options.contentType ?? 'application/xml';
  } else if (options.body) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`http://127.0.0.1:${options.port ?? ports.api}${url}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed, contentType: response.headers.get('content-type') };
}

async function metrics(port: number): Promise<string> {
  return (await call('GET', '/metrics', { port, token: null })).body as string;
}

/** The value of one sample line (`name{labels} value`) whose name and labels contain every given part. */
function sample(text: string, name: string, ...parts: string[]): number | undefined {
  const line = text
    .split('\n')
    .find(
      (candidate) =>
        (candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `)) &&
        parts.every((part) => candidate.includes(part)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('health and readiness on every process; the API documents itself and needs its token', async () => {
  for (const port of Object.values(ports)) {
    expect((await call('GET', '/healthz', { port, token: null })).body).toEqual({ status: 'ok' });
  }
  const ready = await call('GET', '/readyz', { token: null });
  expect({ status: ready.status, body: ready.body }).toEqual({
    status: 200,
    body: { status: 'ready', checks: { temporal: 'ok', kafka: 'ok', dynamodb: 'ok' } },
  });

  const openapi = await call('GET', '/openapi.json', { token: null });
  expect(openapi.status).toBe(200);
  expect(openapi.body.openapi).toBe('3.1.0');
  expect(Object.keys(openapi.body.paths)).toEqual(
    expect.arrayContaining([
      '/idocs',
      '/entities/{type}/{key}',
      '/entities/{type}/{key}/versions',
      '/entities/{type}',
      '/syncs',
      '/syncs/{type}/{key}',
      '/syncs/{type}/{key}/{action}',
      '/quarantine',
      '/quarantine/{id}',
    ]),
  );
  expect((await call('GET', '/docs', { token: null })).status).toBe(200);

  const refused = await call('GET', '/syncs', { token: null });
  expect(refused.status).toBe(401);
  expect(refused.body).toMatchObject({
    type: 'urn:synchub:problem:Unauthorized',
    status: 401,
    code: 'Unauthorized',
  });
  expect(refused.contentType).toMatch(/^application\/problem\+json\b/);
  expect((await call('GET', '/syncs', { token: 'wrong-token-wrong-token' })).status).toBe(401);
  // A read-only key reads, and is refused (403, not 401) what needs another role.
  expect((await call('GET', '/syncs', { token: READ_ONLY })).status).toBe(200);
  const forbidden = await call('POST', '/idocs', { token: READ_ONLY, body: '<x/>' });
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.detail).toBe('POST /idocs needs the role ingest; this key has read');
  expect((await call('POST', '/syncs/material/1/retry', { token: READ_ONLY, body: {} })).status).toBe(403);
  expect(openapi.body.paths['/idocs'].post.security).toEqual([{ apiKey: [] }]);
  // The worker and the ingester serve no API.
  expect((await call('GET', '/syncs', { port: ports.worker })).status).toBe(404);
});

test('IDocs posted over HTTP sync like Kafka records; reads, status and operator actions answer', async () => {
  const started = new Date(Date.now() - 1_000).toISOString();
  const prefix = randomId('H').toUpperCase().slice(-8);
  const [first, second] = [`${prefix}01`, `${prefix}02`];
  const packet = materialDocument([
    { matnr: first, docnum: 81_001 },
    { matnr: second, docnum: 81_002 },
  ]);
  const posted = await call('POST', '/idocs', { body: packet, contentType: 'text/xml' });
  expect(posted.status).toBe(202);
  expect(posted.body.refused).toEqual([]);
  expect(posted.body.accepted).toHaveLength(2);
  expect(posted.body.accepted[0]).toMatchObject({
    entityType: 'material',
    entityKey: canonicalMaterialNumber(first),
    topic: harness.config.kafka.topics.material,
  });

  // Numeric keys may omit leading zeros; this key is alphanumeric and given as SAP shows it.
  const stored = await waitFor(
    'the first material to be stored',
    async () => {
      const answer = await call('GET', `/entities/material/${first}`);
      return answer.status === 200 ? answer : undefined;
    },
    { timeoutMs: 60_000 },
  );
  expect(stored.body).toMatchObject({
    entityType: 'material',
    entityKey: canonicalMaterialNumber(first),
    version: posted.body.accepted[0].version,
  });
  // The VERSION item is written just after CURRENT (batched across entities).
  const versions = await waitFor('the version history', async () => {
    const answer = await call('GET', `/entities/material/${first}/versions`);
    return answer.status === 200 ? answer : undefined;
  });
  expect(versions.body.versions.map((v: { version: string }) => v.version)).toEqual([
    posted.body.accepted[0].version,
  ]);
  expect((await call('GET', `/entities/material/${prefix}99`)).status).toBe(404);
  expect((await call('GET', '/entities/planet/1')).status).toBe(400);

  // Changed since: paged one record at a time with the cursor, both materials found.
  await waitFor('the second material to be stored', async () => {
    return (await call('GET', `/entities/material/${second}`)).status === 200;
  });
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const query = `since=${encodeURIComponent(started)}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
    const answer = await call('GET', `/entities/material?${query}`);
    expect(answer.status).toBe(200);
    expect(answer.body.records.length).toBeLessThanOrEqual(1);
    seen.push(...answer.body.records.map((r: { entityKey: string }) => r.entityKey));
    cursor = answer.body.next;
    if (!cursor) break;
  }
  expect(seen).toEqual(
    expect.arrayContaining([canonicalMaterialNumber(first), canonicalMaterialNumber(second)]),
  );
  expect((await call('GET', '/entities/material?since=yesterday')).status).toBe(400);
  expect((await call('GET', `/entities/material?since=${started}&cursor=bm90LWEtY3Vyc29y`)).status).toBe(400);

  // Sync status from Temporal: search attributes and the state query (a worker answers it).
  const sync = await call('GET', `/syncs/material/${first}`);
  expect(sync.status).toBe(200);
  expect(sync.body).toMatchObject({
    workflowId: `material:${canonicalMaterialNumber(first)}`,
    entityType: 'material',
    running: true,
  });
  expect(sync.body.state.counters.applied).toBe(1);
  const listed = await waitFor('the sync to be listed', async () => {
    const answer = await call('GET', '/syncs?type=material&pageSize=500');
    const ids = (answer.body.syncs as { workflowId: string }[]).map((s) => s.workflowId);
    return ids.includes(`material:${canonicalMaterialNumber(first)}`) ? answer : undefined;
  });
  expect(listed.status).toBe(200);

  // Operator actions: refused when they do not apply (409), applied synchronously otherwise.
  const skip = await call('POST', `/syncs/material/${first}/skip`, { body: { by: 'test' } });
  expect(skip.status).toBe(409);
  expect(skip.body.code).toBe('ActionRefused');
  expect(skip.body.detail).toMatch(/Stuck/);
  const paused = await call('POST', `/syncs/material/${first}/pause`, {
    body: { by: 'test', reason: 'maintenance' },
  });
  expect({ status: paused.status, body: paused.body }).toEqual({
    status: 200,
    body: { action: 'pause', statusBefore: 'Synced', status: 'Paused' },
  });
  const pausedCount = await entitiesGauge('Paused', 'material');
  expect(pausedCount).toBeGreaterThanOrEqual(1);
  const pausedList = await call('GET', '/syncs?status=Paused&type=material&pageSize=500');
  expect((pausedList.body.syncs as { workflowId: string }[]).map((s) => s.workflowId)).toContain(
    `material:${canonicalMaterialNumber(first)}`,
  );
  const resumed = await call('POST', `/syncs/material/${first}/resume`, { body: {} });
  expect(resumed.body).toEqual({ action: 'resume', statusBefore: 'Paused', status: 'Synced' });
  expect((await call('POST', `/syncs/material/${prefix}99/retry`, { body: {} })).status).toBe(404);
  expect((await call('POST', `/syncs/material/${first}/explode`, { body: {} })).status).toBe(400);

  // Metrics of the worker (its own and the Temporal SDK's) and of the ingester.
  const worker = await waitFor('applied changes on the worker /metrics', async () => {
    const text = await metrics(ports.worker);
    const applied = sample(text, 'synchub_changes_total', 'entity_type="material"', 'outcome="applied"');
    return applied !== undefined && applied >= 2 ? text : undefined;
  });
  expect(
    sample(worker, 'synchub_kafka_to_stored_seconds_count', 'entity_type="material"'),
  ).toBeGreaterThanOrEqual(2);
  expect(
    sample(worker, 'synchub_stored_to_published_seconds_count', 'entity_type="material"'),
  ).toBeGreaterThanOrEqual(2);
  expect(worker).toMatch(
    /^temporal_workflow_completed_total|^temporal_request_total|^temporal_worker_task_slots_available/m,
  );
  expect(worker).toMatch(/^process_cpu_seconds_total /m);
  const topic = harness.config.kafka.topics.material;
  const ingester = await waitFor('the lag of the material topic on the ingester /metrics', async () => {
    const text = await metrics(ports.ingester);
    const lag = sample(text, 'synchub_kafka_consumer_lag', `topic="${topic}"`);
    return lag === 0 ? text : undefined;
  });
  expect(sample(ingester, 'synchub_ingest_records_total', `topic="${topic}"`, 'outcome="routed"')).toBe(2);
  expect(sample(ingester, 'synchub_ingest_changes_total', 'entity_type="material"')).toBe(2);
});

/** Waits until the API's `synchub_entities` gauge counts at least one sync in `status` of `type`. */
function entitiesGauge(status: string, type: string): Promise<number> {
  return waitFor(`the ${status} ${type} count on /metrics`, async () => {
    const value = sample(
      await metrics(ports.api),
      'synchub_entities',
      `status="${status}"`,
      `entity_type="${type}"`,
    );
    return value !== undefined && value >= 1 ? value : undefined;
  });
}

/** The sum of every sample line of `name` whose labels contain every given part (e.g. lag over partitions). */
function total(text: string, name: string, ...parts: string[]): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && parts.every((part) => line.includes(part)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

test('consumer lag rises while the ingester is down and falls to 0 when it is back', async () => {
  const topic = harness.config.kafka.topics.material;
  const ingester = processes.find((process) => process.name === 'ingester')!;
  const lagOn = async (port: number) =>
    total(await metrics(port), 'synchub_kafka_consumer_lag', `topic="${topic}"`);
  await waitFor('no lag before the test', async () => (await lagOn(ports.api)) === 0);
  await ingester.kill('SIGTERM');

  const prefix = randomId('L').toUpperCase().slice(-8);
  const count = 40;
  for (let i = 0; i < count; i += 1) {
    const matnr = `${prefix}${String(i).padStart(2, '0')}`;
    await harness.produce(materialIdoc({ matnr, docnum: 84_000 + i }), canonicalMaterialNumber(matnr));
  }
  // The API process reports the group's committed lag, so it is seen while no ingester runs.
  const risen = await waitFor('the lag to reach what was produced', async () => {
    const lag = await lagOn(ports.api);
    return lag >= count ? lag : undefined;
  });
  expect(risen).toBe(count);

  ingester.start();
  await waitFor(
    'the lag to fall to 0 on the API and the ingester',
    async () =>
      (await lagOn(ports.api)) === 0 && (await lagOn(ports.ingester).catch(() => -1)) === 0
        ? true
        : undefined,
    { timeoutMs: 90_000 },
  );
  // The restarted ingester counts exactly what it consumed; every material is stored.
  const counted = await metrics(ports.ingester);
  expect(sample(counted, 'synchub_ingest_records_total', `topic="${topic}"`, 'outcome="routed"')).toBe(count);
  for (const i of [0, count - 1]) {
    const matnr = `${prefix}${String(i).padStart(2, '0')}`;
    const stored = await waitFor(`material ${matnr} stored`, async () => {
      const answer = await call('GET', `/entities/material/${matnr}`);
      return answer.status === 200 ? (answer.body as { entityKey: string }) : undefined;
    });
    expect(stored.entityKey).toBe(canonicalMaterialNumber(matnr));
  }
});

/**
 * Sends only the headers of a POST whose Content-Length says `bytes`, and returns the answer the server gives
 * without having read a byte of the body (a server that first read it would wait for the body forever).
 */
function answerToHeadersOnly(pathname: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port: ports.api,
      path: pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/xml',
        'content-length': String(bytes),
      },
    });
    request.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.once('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.once('error', reject);
    request.setTimeout(30_000, () => request.destroy(new Error('no answer to the headers within 30 s')));
    request.flushHeaders();
  });
}

test('a document above SYNCHUB_MAX_RECORD_BYTES is refused with 413 before it is read', async () => {
  const limit = harness.config.kafka.maxRecordBytes;
  const answer = await answerToHeadersOnly('/idocs', limit + 1);
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toMatchObject({ code: 'PayloadTooLarge' });
  // Below the limit the same route takes a document.
  const prefix = randomId('L').toUpperCase().slice(-8);
  expect(
    (await call('POST', '/idocs', { body: materialIdoc({ matnr: `${prefix}01`, docnum: 81_001 }) })).status,
  ).toBe(202);
});

test('a document that cannot be accepted gets 422 with the precise reason and is preserved in quarantine', async () => {
  const prefix = randomId('Q').toUpperCase().slice(-8);
  const broken = materialIdoc({ matnr: `${prefix}01`, docnum: 82_001 }).replace('</IDOC>', '</IDCO>');
  const answer = await call('POST', '/idocs', { body: broken });
  expect(answer.status).toBe(422);
  expect(answer.body.code).toBe('InvalidDocument');
  expect(answer.body.detail).toMatch(/^MALFORMED_XML: /);
  const [refused] = answer.body.refused;
  expect(refused).toMatchObject({
    code: 'MALFORMED_XML',
    rejected: { topic: harness.config.kafka.rejectedTopic },
  });

  const held = await waitFor('the quarantined document', async () => {
    const state = await call('GET', `/quarantine/${refused.quarantine}`);
    return state.status === 200 ? state : undefined;
  });
  expect(held.body).toMatchObject({
    status: 'Quarantined',
    payload: broken,
    reason: { code: 'MALFORMED_XML' },
  });
  const listed = await waitFor('the quarantine list to show it', async () => {
    const page = await call('GET', '/quarantine?pageSize=500');
    return (page.body.syncs as { workflowId: string }[]).some((s) => s.workflowId === refused.quarantine);
  });
  expect(listed).toBe(true);

  // A packet with one good and one bad IDoc: the good one is accepted, the bad one quarantined.
  const mixed = materialDocument([
    { matnr: `${prefix}02`, docnum: 82_002 },
    { matnr: '', docnum: 82_003 },
  ]);
  const partly = await call('POST', '/idocs', { body: mixed });
  expect(partly.status).toBe(202);
  expect(partly.body.accepted).toHaveLength(1);
  expect(partly.body.refused).toHaveLength(1);
  expect(partly.body.refused[0].part).toBe(1);

  const empty = await call('POST', '/idocs', { body: '', contentType: 'application/xml' });
  expect(empty.status).toBe(400);

  const discarded = await call('POST', `/quarantine/${refused.quarantine}/discard`, {
    body: { by: 'test', reason: 'test data' },
  });
  expect(discarded.status).toBe(202);
  await waitFor('the discarded record to close', async () => {
    const state = await call('GET', `/quarantine/${refused.quarantine}`);
    return state.body.status === 'Discarded';
  });
  expect((await call('POST', `/quarantine/${refused.quarantine}/discard`, { body: {} })).status).toBe(409);

  const api = await metrics(ports.api);
  expect(
    sample(api, 'synchub_rejected_total', 'reason="MALFORMED_XML"', 'source="http"'),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(api, 'synchub_http_request_duration_seconds_count', 'route="/idocs"', 'status_code="422"'),
  ).toBeGreaterThanOrEqual(1);
});

const MONITORING = path.resolve(__dirname, '..', '..', 'monitoring');

function run(command: string, args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync(command, args, { input, encoding: 'utf8', cwd: MONITORING });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The PromQL of every panel of the Grafana dashboard, with Grafana's interval variable made concrete. */
function dashboardQueries(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(path.join(MONITORING, 'grafana-dashboard.json'), 'utf8')) as {
    panels: { targets: { expr: string }[] }[];
  };
  return dashboard.panels.flatMap((panel) =>
    panel.targets.map((target) => target.expr.replaceAll('$__rate_interval', '1m')),
  );
}

/** Metric names a query or rule refers to (histogram series by their base name). */
function metricNames(text: string): string[] {
  const names = text.match(/\b(?:synchub|temporal|process)_[a-z_]+\b/g) ?? [];
  return [...new Set(names)];
}

test('a Stuck entity shows in the API list, its state and the stuck gauge, and an operator skips it', async () => {
  // A business event needs SAP's OData API, which this stack has none of: the change fails for good.
  const partner = String(randomInt(100_000_000, 999_999_999));
  const posted = await call('POST', '/idocs', {
    body: changedEvent(partner),
    contentType: 'application/cloudevents+json',
  });
  expect(posted.status).toBe(202);
  const key = posted.body.accepted[0].entityKey as string;
  const workflowId = `businessPartner:${key}`;

  await waitFor(
    'the Stuck sync in the API list',
    async () => {
      const page = await call('GET', '/syncs?status=Stuck&type=businessPartner&pageSize=500');
      return (page.body.syncs as { workflowId: string }[]).some((sync) => sync.workflowId === workflowId);
    },
    { timeoutMs: 60_000 },
  );
  const sync = await call('GET', `/syncs/businessPartner/${partner}`);
  expect(sync.body).toMatchObject({ status: 'Stuck', lastError: 'SourceNotConfigured' });
  expect(sync.body.state.stuck).toMatchObject({ failureType: 'SourceNotConfigured' });
  const stuck = await entitiesGauge('Stuck', 'businessPartner');
  expect(stuck).toBeGreaterThanOrEqual(1);
  const counted = sample(
    await metrics(ports.worker),
    'synchub_changes_total',
    'entity_type="businessPartner"',
    'outcome="stuck"',
  );
  expect(counted).toBeGreaterThanOrEqual(1);

  const skipped = await call('POST', `/syncs/businessPartner/${partner}/skip`, {
    body: { by: 'test', reason: 'no SAP OData API here' },
  });
  expect({ status: skipped.status, body: skipped.body }).toEqual({
    status: 200,
    body: { action: 'skip', statusBefore: 'Stuck', status: 'Synced' },
  });
});

test('Prometheus scrapes every process; the dashboard and the alert rules work on the real metrics', async () => {
  const tools = findPrometheus(harness.config.stack.cacheDir);
  if (!tools || !prometheus) throw new Error('Prometheus was not installed by the test run set-up');
  const { api } = prometheus;

  // Prometheus's own lint of SyncHub's metrics on each process (prom-client's default `nodejs_*` and the
  // SDK's metrics are theirs to name).
  const own = (text: string) =>
    text
      .split('\n')
      .filter((line) => /^(# (HELP|TYPE) )?synchub_/.test(line))
      .join('\n') + '\n';
  for (const [name, port] of Object.entries(ports)) {
    const lint = run(tools.promtool, ['check', 'metrics'], own(await metrics(port)));
    expect({ name, ...lint }).toEqual({ name, status: 0, output: '' });
  }
  // The alert rules are valid and their unit tests (monitoring/alerts.test.yml) pass.
  expect(run(tools.promtool, ['check', 'rules', 'alerts.yml']).status).toBe(0);
  const unit = run(tools.promtool, ['test', 'rules', 'alerts.test.yml']);
  expect(unit.output).toContain('SUCCESS');
  expect(unit.status).toBe(0);

  await waitFor(
    'Prometheus to scrape the three processes and the Temporal server',
    async () => {
      const answer = await api(`query?query=${encodeURIComponent('sum(up)')}`);
      return Number(answer.data?.result?.[0]?.value?.[1]) === 4;
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
  // Every metric the dashboard and the rules use is declared by some process (`# TYPE` lines: a counter
  // with labels shows its samples only once it counted something, e.g. errors).
  const families = new Set<string>();
  for (const port of Object.values(ports))
    for (const [, family] of (await metrics(port)).matchAll(/^# TYPE (\S+) /gm)) families.add(family!);
  const declared = (name: string) =>
    families.has(name) || families.has(name.replace(/_(bucket|sum|count)$/, ''));
  const used = metricNames(
    `${dashboardQueries().join('\n')}\n${fs.readFileSync(path.join(MONITORING, 'alerts.yml'), 'utf8')}`,
  );
  expect(used.length).toBeGreaterThan(10);
  expect(used.filter((name) => !declared(name))).toEqual([]);
  // Every dashboard query runs; the ones about this test's traffic have data.
  for (const query of dashboardQueries()) {
    const answer = await api(`query?query=${encodeURIComponent(query)}`);
    expect({ query, status: answer.status, error: answer.error }).toEqual({
      query,
      status: 'success',
      error: undefined,
    });
  }
  const applied = await waitFor('applied changes in Prometheus', async () => {
    const answer = await api(
      `query?query=${encodeURIComponent('sum(synchub_changes_total{outcome="applied"})')}`,
    );
    const value = Number(answer.data?.result?.[0]?.value?.[1]);
    return value >= 2 ? value : undefined;
  });
  expect(applied).toBeGreaterThanOrEqual(2);
  const rules = await api('rules');
  const loaded = (rules.data.groups as { rules: { name: string; health: string }[] }[]).flatMap(
    (g) => g.rules,
  );
  expect(loaded.map((rule) => [rule.name, rule.health])).toEqual([
    ['SyncHubConsumerLagGrowing', 'ok'],
    ['SyncHubEntitiesStuck', 'ok'],
    ['SyncHubEntitiesRetrying', 'ok'],
    ['SyncHubQuarantineGrowing', 'ok'],
    ['SyncHubDown', 'ok'],
  ]);
});

test('the dashboard renders every panel from what Prometheus scraped while documents flowed', async () => {
  if (!prometheus) throw new Error('Prometheus did not start');
  // Half a minute of steady traffic: new materials and changes to them, and a few records that are refused.
  const prefix = randomId('D').toUpperCase().slice(-8);
  const until = Date.now() + 30_000;
  for (let i = 0; Date.now() < until; i += 1) {
    const matnr = `${prefix}${String(i % 60).padStart(2, '0')}`;
    await harness.produce(materialIdoc({ matnr, docnum: 86_000 + i }), canonicalMaterialNumber(matnr));
    if (i % 50 === 25) await harness.produce('<IDOC><not-closed>', null);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const window = { start: prometheus.since, end: Math.floor(Date.now() / 1000), stepSeconds: 1 };
  const panels = await queryDashboard(
    path.join(MONITORING, 'grafana-dashboard.json'),
    prometheus.url,
    window,
  );
  expect(panels.filter((panel) => panel.error)).toEqual([]);
  const peak = (title: string) =>
    Math.max(
      0,
      ...panels
        .find((panel) => panel.title.startsWith(title))!
        .series.flatMap((series) => series.values.filter((v): v is number => v !== null)),
    );
  // What the earlier tests did shows: the lag while the ingester was down, changes applied, latency, refusals.
  expect(peak('Kafka consumer lag')).toBeGreaterThanOrEqual(40);
  expect(peak('Changes per second, by outcome')).toBeGreaterThan(1);
  expect(peak('Kafka append to stored')).toBeGreaterThan(0);
  expect(peak('Refused records')).toBeGreaterThan(0);

  const file = path.join(os.tmpdir(), `synchub-http-${harness.id}`, 'dashboard.png');
  const bytes = await renderDashboardPng('SyncHub', panels, window, file);
  expect(bytes).toBeGreaterThan(20_000);
  // `SYNCHUB_TEST_DASHBOARD_PNG=docs/dashboard.png npx jest test/integration/http-api.test.ts` refreshes the README's.
  const copy = process.env.SYNCHUB_TEST_DASHBOARD_PNG;
  if (copy) fs.copyFileSync(file, path.resolve(copy));
});

interface OpenApiOperation {
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}

/** Values for a parameter: mostly what its schema allows (enums, numbers), sometimes anything at all. */
function parameterValue(schema: Record<string, unknown>): fc.Arbitrary<string> {
  const junk = fc.oneof(
    fc.string(),
    fc.constantFrom('', '0', '-1', '%00', '..%2F', 'FG-1000', '1'.repeat(80)),
  );
  if (Array.isArray(schema.enum)) return fc.oneof(fc.constantFrom(...(schema.enum as string[])), junk);
  if (schema.type === 'integer' || schema.type === 'number')
    return fc.oneof(fc.integer({ min: -5, max: 2_000 }).map(String), junk);
  return fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), junk);
}

test('fuzzed from its OpenAPI description: no request gets a 5xx, and every answer matches its schema', async () => {
  const document = (await call('GET', '/openapi.json', { token: null })).body as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // Answers are checked against the schema of their status, with the document's components inlined.
  const components = document.components?.schemas ?? {};
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: string }).$ref;
    if (ref?.startsWith('#/components/schemas/'))
      return inline(components[ref.slice('#/components/schemas/'.length)]);
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => key !== '$id')
        .map(([key, value]) => [key, inline(value)]),
    );
  };
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const validatorFor = (schema: Record<string, unknown>) => {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(inline(schema) as object);
      validators.set(key, validate);
    }
    return validate;
  };

  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      template,
      method: method.toUpperCase(),
      operation,
    })),
  );
  const request = fc.oneof(
    ...operations.map(({ template, method, operation }) => {
      const parameters = operation.parameters ?? [];
      const path = fc.record(
        Object.fromEntries(
          parameters.filter((p) => p.in === 'path').map((p) => [p.name, parameterValue(p.schema)]),
        ),
      );
      const query = fc.record(
        Object.fromEntries(
          parameters.filter((p) => p.in === 'query').map((p) => [p.name, parameterValue(p.schema)]),
        ),
        { requiredKeys: [] },
      );
      const body = operation.requestBody
        ? fc.oneof(
            fc.jsonValue(),
            fc.record({ by: fc.string(), reason: fc.string(), payload: fc.string() }, { requiredKeys: [] }),
            fc.string(),
          )
        : fc.constant(undefined);
      return fc.record({
        template: fc.constant(template),
        method: fc.constant(method),
        path,
        query,
        body,
        operation: fc.constant(operation),
      });
    }),
  );

  let sent = 0;
  await fc.assert(
    fc.asyncProperty(request, async ({ template, method, path, query, body, operation }) => {
      const url =
        template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(path[name] ?? '')) +
        (Object.keys(query).length > 0
          ? `?${new URLSearchParams(query as Record<string, string>).toString()}`
          : '');
      const answer = await call(method, url, {
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : (body as object) }),
      });
      sent += 1;
      if (answer.status >= 500)
        throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const declared = operation.responses[String(answer.status)];
      const schema = declared?.content && Object.values(declared.content)[0]?.schema;
      if (schema) {
        const validate = validatorFor(schema);
        if (!validate(answer.body))
          throw new Error(
            `${method} ${url} ${answer.status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(answer.body).slice(0, 300)}`,
          );
      }
    }),
    { numRuns: 300 },
  );
  expect(sent).toBe(300);
});
