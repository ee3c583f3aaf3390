import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { entityWorkflowId } from '../../src/shared/workflow-id';
import { waitFor } from '../../src/util/wait-for';
import { stateQuery } from '../../src/workflows/messages';
import { Harness, type RejectedCopy } from '../support/harness';
import {
  customerDocument,
  personalMarkers,
  vendorDocument,
  type PersonalMarkers,
} from '../support/personal-markers';
import { SupervisedProcess } from '../support/synchub-process';

/*
 * The canary: documents carrying invented personal data go through every path the real `synchub worker` and
 * `synchub ingest` processes have (a good sync, bad data on a personal field, an unreadable record, an SNS
 * outage with retries), logging at debug; none of the data may show in a log line, a header of a rejected
 * record or a search attribute, and the worker's SAP credentials in no log line.
 */

jest.setTimeout(300_000);

/** A loopback endpoint in front of the AWS emulator for SNS that can be made dead (connections refused). */
class SwitchableEndpoint {
  dead = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((client) => {
    if (this.dead) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });

  private constructor(private readonly targetPort: number) {}

  static async start(targetPort: number): Promise<SwitchableEndpoint> {
    const endpoint = new SwitchableEndpoint(targetPort);
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Dead: open connections are cut and new ones refused until revived. */
  kill(): void {
    this.dead = true;
    for (const socket of this.sockets) socket.destroy();
  }

  revive(): void {
    this.dead = false;
  }

  async close(): Promise<void> {
    this.kill();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let harness: Harness;
let sns: SwitchableEndpoint;
let processes: SupervisedProcess[] = [];
let rejectedCopies: RejectedCopy[] = [];

beforeAll(async () => {
  harness = await Harness.create();
  sns = await SwitchableEndpoint.start(Number(harness.env.SYNCHUB_AWS_PORT));
  rejectedCopies = await harness.readRejected();
});

afterAll(async () => {
  await Promise.all(processes.map((running) => running.stop()));
  await sns?.close();
  await harness?.close();
});

function keyOf(document: string, field: 'KUNNR' | 'LIFNR'): string {
  return new RegExp(`<${field}>(\\d+)</${field}>`).exec(document)![1]!.padStart(10, '0');
}

async function statusOf(workflowId: string): Promise<string | undefined> {
  const state = await harness.client.workflow
    .getHandle(workflowId)
    .query(stateQuery)
    .catch(() => undefined);
  return state?.status;
}

async function syncStatusAttribute(workflowId: string): Promise<unknown> {
  const description = await harness.client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  return description?.typedSearchAttributes.getAll().find((pair) => pair.key.name === 'SyncStatus')?.value;
}

/** Every search attribute and memo of a workflow, as text. */
function visibleText(description: WorkflowExecutionDescription): string {
  return JSON.stringify({
    searchAttributes: description.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]),
    memo: description.memo ?? null,
  });
}

function hits(text: string, markers: PersonalMarkers[]): string[] {
  return markers.flatMap((personal) =>
    (Object.values(personal) as string[]).filter((marker) => text.includes(marker)),
  );
}

test('personal data reaches no log line, rejected-record header or search attribute on any path', async () => {
  const logDir = path.join(os.tmpdir(), `synchub-pii-canary-${harness.id}`);
  const debug = { LOG_LEVEL: 'debug', SYNCHUB_LOG_FORMAT: 'json' };
  // SAP credentials the worker holds (no business partner event comes, so they are never sent): never logged.
  const secrets = [`sap-password-${harness.id}`, `sap-api-key-${harness.id}`];
  const sap = {
    SYNCHUB_SAP_ODATA_URL: 'http://127.0.0.1:9/sap/opu/odata/sap/API_BUSINESS_PARTNER',
    SYNCHUB_SAP_USERNAME: 'SYNCHUB',
    SYNCHUB_SAP_PASSWORD: secrets[0]!,
    SYNCHUB_SAP_API_KEY: secrets[1]!,
  };
  const worker = new SupervisedProcess(
    'worker',
    'worker',
    { ...harness.env, ...debug, ...sap, AWS_ENDPOINT_URL_SNS: sns.url, SYNCHUB_RETRYING_AFTER_MS: '2000' },
    logDir,
  );
  const ingester = new SupervisedProcess('ingester', 'ingest', { ...harness.env, ...debug }, logDir);
  processes = [worker, ingester];
  worker.start();
  ingester.start();
  const { customer: customerTopic, vendor: vendorTopic } = harness.config.kafka.topics;
  const markers: PersonalMarkers[] = [];
  const marked = () => {
    const personal = personalMarkers();
    markers.push(personal);
    return personal;
  };

  // 1. A good sync of a customer and a vendor.
  const goodCustomer = customerDocument(marked());
  const goodVendor = vendorDocument(marked());
  await harness.produce(goodCustomer, keyOf(goodCustomer, 'KUNNR'), customerTopic);
  await harness.produce(goodVendor, keyOf(goodVendor, 'LIFNR'), vendorTopic);
  for (const id of [
    entityWorkflowId('customer', keyOf(goodCustomer, 'KUNNR')),
    entityWorkflowId('vendor', keyOf(goodVendor, 'LIFNR')),
  ]) {
    await waitFor(`${id} Synced`, async () => (await statusOf(id)) === 'Synced', { timeoutMs: 90_000 });
  }

  // 2. Bad data on a personal field: the bank details' valid-from date holds the street or the name.
  const stuckMessages: string[] = [];
  const badPersonal = marked();
  const badCustomer = customerDocument(badPersonal, badPersonal.street);
  const badVendorPersonal = marked();
  const badVendor = vendorDocument(badVendorPersonal, badVendorPersonal.name);
  await harness.produce(badCustomer, keyOf(badCustomer, 'KUNNR'), customerTopic);
  await harness.produce(badVendor, keyOf(badVendor, 'LIFNR'), vendorTopic);
  for (const id of [
    entityWorkflowId('customer', keyOf(badCustomer, 'KUNNR')),
    entityWorkflowId('vendor', keyOf(badVendor, 'LIFNR')),
  ]) {
    const stuck = await waitFor(
      `${id} Stuck`,
      async () => {
        const state = await harness.client.workflow
          .getHandle(id)
          .query(stateQuery)
          .catch(() => undefined);
        return state?.status === 'Stuck' ? state.stuck : undefined;
      },
      { timeoutMs: 90_000 },
    );
    stuckMessages.push(stuck?.message ?? '');
  }

  // 3. An unreadable record (malformed XML right after a personal value): rejected topic and quarantine.
  const unreadablePersonal = marked();
  const unreadable = customerDocument(unreadablePersonal).replace(
    `<NAME1>${unreadablePersonal.name}</NAME1>`,
    `<NAME1>${unreadablePersonal.name}</NAME2>`,
  );
  await harness.produce(unreadable, keyOf(unreadable, 'KUNNR'), customerTopic);
  const rejected = await waitFor(
    'the unreadable record on the rejected topic',
    () => rejectedCopies.find((copy) => copy.value?.includes(unreadablePersonal.name)),
    { timeoutMs: 60_000 },
  );
  // ... and a plain-text record of personal data (an export sent to the wrong topic).
  const textPersonal = marked();
  await harness.produce(
    `${textPersonal.name};${textPersonal.street};${textPersonal.iban}\n`,
    null,
    customerTopic,
  );
  const rejectedText = await waitFor(
    'the plain-text record on the rejected topic',
    () => rejectedCopies.find((copy) => copy.value?.includes(textPersonal.name)),
    { timeoutMs: 60_000 },
  );
  const quarantineQuery = `SyncStatus = "Quarantined" AND TaskQueue = "${harness.config.temporal.taskQueue}"`;
  await waitFor(
    'the unreadable record quarantined',
    async () => {
      for await (const workflow of harness.client.workflow.list({ query: quarantineQuery })) {
        if (workflow.workflowId.startsWith('quarantine:')) return true;
      }
      return false;
    },
    { timeoutMs: 60_000, intervalMs: 1_000 },
  );

  // 4. An outage: SNS is dead while a customer arrives; the publish retries (Retrying), then heals.
  sns.kill();
  const outageCustomer = customerDocument(marked());
  const outageId = entityWorkflowId('customer', keyOf(outageCustomer, 'KUNNR'));
  await harness.produce(outageCustomer, keyOf(outageCustomer, 'KUNNR'), customerTopic);
  await waitFor(
    'Retrying during the SNS outage',
    async () => (await syncStatusAttribute(outageId)) === 'Retrying',
    {
      timeoutMs: 90_000,
      intervalMs: 1_000,
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  sns.revive();
  await waitFor('Synced after the outage', async () => (await statusOf(outageId)) === 'Synced', {
    timeoutMs: 120_000,
    intervalMs: 1_000,
  });

  // Search attributes and memos of every workflow the run started (entities and quarantine).
  const described: string[] = [];
  const everyWorkflow = `TaskQueue = "${harness.config.temporal.taskQueue}"`;
  for await (const workflow of harness.client.workflow.list({ query: everyWorkflow })) {
    described.push(visibleText(await harness.client.workflow.getHandle(workflow.workflowId).describe()));
  }
  const headersOf = (copy: RejectedCopy) =>
    Object.entries(copy.headers)
      .map(([name, value]) => `${name}=${String(Array.isArray(value) ? value.join(',') : value)}`)
      .join('\n');
  const headerText = headersOf(rejected);
  const textHeaderText = headersOf(rejectedText);
  // Every line the two processes logged, at debug.
  await Promise.all(processes.map((running) => running.stop()));
  const logs = ['worker', 'ingester'].map((name) =>
    fs.readFileSync(path.join(logDir, `${name}.log`), 'utf8'),
  );
  const all = logs.join('\n');

  // The canary: no marker anywhere (one assertion, so a failure lists every leak at once).
  expect({
    searchAttributes: hits(described.join('\n'), markers),
    rejectedHeaders: hits(`${headerText}\n${textHeaderText}`, markers),
    logLines: all.split('\n').filter((line) => hits(line, markers).length > 0),
    secretsLogged: secrets.filter((secret) => all.includes(secret)),
  }).toEqual({ searchAttributes: [], rejectedHeaders: [], logLines: [], secretsLogged: [] });

  // Controls: the markers went in (the rejected copy's value is byte-exact), every workflow was seen, the logs
  // were captured at debug and still tell the operator what happened: field, problem, code and origin.
  expect(rejected.value?.includes(unreadablePersonal.street)).toBe(true);
  expect(described.length).toBeGreaterThanOrEqual(6);
  expect(headerText).toContain('synchub-error-code=MALFORMED_XML');
  expect(headerText).toContain(`synchub-source-topic=${customerTopic}`);
  expect(textHeaderText).toContain('synchub-error-code=UNSUPPORTED_DOCUMENT');
  expect(textHeaderText).toContain('synchub-error-message=record is neither XML nor JSON');
  for (const message of stuckMessages) {
    expect(message).toContain('field KOVON (bank details valid-from) is not a valid date');
    expect(message).toContain('(value withheld: personal data)');
  }
  expect(all).toMatch(/"level":20/);
  expect(logs[0]).toContain('"msg":"change stuck"');
  expect(logs[0]).toContain('field KOVON (bank details valid-from)');
  expect(logs[0]).toContain('"msg":"Activity failed"');
  expect(logs[1]).toContain('"code":"MALFORMED_XML"');
  expect(logs[1]).toContain(`"topic":"${customerTopic}"`);
  expect(worker.unexpectedExits).toEqual([]);
  expect(ingester.unexpectedExits).toEqual([]);
});
