/**
 * `synchub codec-server` as a real process on loopback: Temporal's codec protocol, CORS for exactly the
 * configured Web UI origin, loopback-only hosts, the Authorization value, the body limit, no payload in its
 * log, and the runbook's `temporal` commands (query, show, signal) on an encrypted entity through it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import * as net from 'node:net';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, parseKeyRing } from '../../src/clients/payload-codec';
import { canonicalMaterialNumber } from '../../src/domain';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { stateQuery } from '../../src/workflows/messages';
import { temporalCli } from '../support/cli';
import { Harness } from '../support/harness';
import { waitFor } from '../../src/util/wait-for';
import { freeLoopbackPort } from '../../src/workers/temporal-runtime';

jest.setTimeout(120_000);

const KEYS = `c1:${randomBytes(32).toString('base64')},c0:${randomBytes(32).toString('base64')}`;
const UI_ORIGIN = 'http://127.0.0.1:18233';
const AUTH = `Bearer ${randomBytes(12).toString('hex')}`;
const MARKER = `Zq7-${randomBytes(4).toString('hex')}-Privat-Müller`;
const ROOT = path.resolve(__dirname, '..', '..');

let child: ChildProcess;
let base: string;
let port: number;
let logFile: string;

beforeAll(async () => {
  port = await freeLoopbackPort();
  base = `http://127.0.0.1:${port}`;
  logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-codec-')), 'codec-server.log');
  const log = fs.openSync(logFile, 'a');
  child = spawn(process.execPath, [path.join(ROOT, 'bin', 'synchub.js'), 'codec-server'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SYNCHUB_CODEC_KEYS: KEYS,
      SYNCHUB_CODEC_PORT: String(port),
      SYNCHUB_CODEC_ORIGINS: UI_ORIGIN,
      SYNCHUB_CODEC_AUTH: AUTH,
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  await waitFor('the codec server to answer', async () => {
    const response = await fetch(`${base}/healthz`, { headers: { authorization: AUTH } }).catch(
      () => undefined,
    );
    return response?.status === 200;
  });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

const toJson = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  })),
});
const fromJson = (body: { payloads: { metadata: Record<string, string>; data: string }[] }): Payload[] =>
  body.payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data, 'base64'),
  }));

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { authorization: AUTH },
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

test('decodes what a worker encrypted and encrypts what the CLI sends, under the namespace path too', async () => {
  const workerCodec = new EncryptionCodec(parseKeyRing(KEYS, 'test'));
  const [encrypted] = await workerCodec.encode([defaultPayloadConverter.toPayload({ name: MARKER })]);
  const decoded = await post(`${base}/default/decode`, toJson([encrypted!]));
  expect(decoded.status).toBe(200);
  const [plain] = fromJson((await decoded.json()) as never);
  expect(defaultPayloadConverter.fromPayload(plain!)).toEqual({ name: MARKER });

  // An operator's signal through `temporal --codec-endpoint`: encrypted by the server, readable by the worker.
  const encoded = await post(`${base}/encode`, toJson([defaultPayloadConverter.toPayload({ by: 'jdoe' })]));
  const [sealed] = fromJson((await encoded.json()) as never);
  expect(Buffer.from(sealed!.metadata!.encoding!).toString()).toBe('binary/encrypted');
  const [opened] = await workerCodec.decode([sealed!]);
  expect(defaultPayloadConverter.fromPayload(opened!)).toEqual({ by: 'jdoe' });

  // Unencrypted payloads pass through; a payload under an unknown key is a 400 naming the key id only.
  const passthrough = await post(`${base}/decode`, toJson([defaultPayloadConverter.toPayload('plain')]));
  expect(defaultPayloadConverter.fromPayload(fromJson((await passthrough.json()) as never)[0]!)).toBe(
    'plain',
  );
  const foreign = new EncryptionCodec(parseKeyRing(`zz:${randomBytes(32).toString('base64')}`, 'test'));
  const unknown = await post(
    `${base}/decode`,
    toJson(await foreign.encode([defaultPayloadConverter.toPayload(MARKER)])),
  );
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { detail: string }).detail).toContain(
    'key zz, which is not in the key ring',
  );
});

test('the Web UI origin is allowed, any other origin refused; preflight answers', async () => {
  const preflight = await fetch(`${base}/decode`, {
    method: 'OPTIONS',
    headers: {
      origin: UI_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-namespace',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);

  const allowed = await post(`${base}/decode`, { payloads: [] }, { authorization: AUTH, origin: UI_ORIGIN });
  expect(allowed.status).toBe(200);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);

  const evil = await post(
    `${base}/decode`,
    { payloads: [] },
    { authorization: AUTH, origin: 'http://evil.test' },
  );
  expect(evil.status).toBe(403);
  expect(evil.headers.get('access-control-allow-origin')).toBeNull();
});

test('a request addressed to another host name is refused (DNS rebinding)', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/decode',
        method: 'POST',
        headers: { host: `evil.test:${port}`, authorization: AUTH, 'content-type': 'application/json' },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ payloads: [] }));
  });
  expect(status).toBe(403);
});

test('without the Authorization value nothing is decoded; bad bodies get 400 and 413', async () => {
  expect((await post(`${base}/decode`, { payloads: [] }, {})).status).toBe(401);
  expect((await post(`${base}/decode`, { payloads: [] }, { authorization: 'Bearer wrong' })).status).toBe(
    401,
  );
  expect((await post(`${base}/decode`, '{"payloads": 3}')).status).toBe(400);
  expect((await post(`${base}/decode`, 'not json')).status).toBe(400);
  // Over the body limit: refused by its declared length, before the body is read.
  const tooLarge = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(
        `POST /decode HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: ${AUTH}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n{"payloads":[`,
      ),
    );
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
  });
  expect(tooLarge).toMatch(/^HTTP\/1\.1 413 /);
});

test('the temporal CLI reads and signals an encrypted entity through the codec server', async () => {
  // An installation with encryption on (the same keys as the codec server), one material synced.
  const harness = await Harness.create({ env: { SYNCHUB_CODEC_KEYS: KEYS } });
  try {
    await harness.startWorker();
    await harness.startIngester();
    const matnr = `CDC${randomBytes(4).toString('hex').toUpperCase()}`;
    await harness.produce(materialIdoc({ matnr, docnum: 1, description: MARKER }), matnr);
    const workflowId = entityWorkflowId('material', canonicalMaterialNumber(matnr));
    await waitFor('the material synced', async () => {
      const state = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
      return state.status === 'Synced';
    });
    const codec = ['--codec-endpoint', base, '--codec-auth', AUTH];
    const query = ['workflow', 'query', '--workflow-id', workflowId, '--type', 'state', '--output', 'json'];

    // Without the codec the CLI shows the state as an encrypted blob; with it, readable.
    const sealed = await temporalCli(harness.config, query);
    expect(sealed).not.toContain('Synced');
    expect(sealed).toMatch(/binary\/encrypted|YmluYXJ5L2VuY3J5cHRlZA/);
    const state = JSON.parse(await temporalCli(harness.config, [...query, ...codec])) as {
      queryResult: [{ status: string }];
    };
    expect(state.queryResult[0].status).toBe('Synced');
    const show = ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json'];
    const shown = await temporalCli(harness.config, [...show, ...codec]);
    // The change signal's payload as the CLI prints it: decoded through the codec, encrypted without it.
    const signalled = (json: string) => {
      type Shown = { input: { payloads: { metadata: { encoding: string }; data: string }[] } };
      const { events } = JSON.parse(json) as {
        events: { workflowExecutionSignaledEventAttributes?: Shown }[];
      };
      const payload = events.find((event) => event.workflowExecutionSignaledEventAttributes)!
        .workflowExecutionSignaledEventAttributes!.input.payloads[0]!;
      return {
        encoding: Buffer.from(payload.metadata.encoding, 'base64').toString(),
        data: Buffer.from(payload.data, 'base64'),
      };
    };
    const decoded = signalled(shown);
    expect(decoded.encoding).toBe('json/plain');
    expect(decoded.data.toString()).toContain(MARKER);
    const raw = signalled(await temporalCli(harness.config, show));
    expect(raw.encoding).toBe('binary/encrypted');
    expect(raw.data.includes(Buffer.from(MARKER))).toBe(false);

    // The runbook's signal, sent through the codec (so encrypted), is understood by the worker.
    await temporalCli(harness.config, [
      'workflow',
      'signal',
      '--workflow-id',
      workflowId,
      '--name',
      'pause',
      '--input',
      '{"by":"runbook","reason":"maintenance"}',
      ...codec,
    ]);
    await waitFor('the material paused', async () => {
      const paused = await harness.client.workflow.getHandle(workflowId).query(stateQuery);
      return paused.status === 'Paused';
    });
    const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const pause = history.events?.find(
      (event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'pause',
    );
    const input = pause?.workflowExecutionSignaledEventAttributes?.input?.payloads?.[0];
    expect(Buffer.from(input?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
  } finally {
    await harness.close();
  }
});

test('its log never holds a payload', async () => {
  const log = fs.readFileSync(logFile, 'utf8');
  expect(log).toContain('codec server listening');
  expect(log).not.toContain(MARKER);
  expect(log).not.toContain(AUTH.slice('Bearer '.length));
});
