import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createRecordStore } from '../../src/adapters/record-store';
import { canonicalMaterialNumber } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { waitFor } from '../../src/util/wait-for';
import { Harness } from '../support/harness';
import { randomId } from '../support/ids';
import { SupervisedProcess } from '../support/synchub-process';

jest.setTimeout(180_000);

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** A loopback OpenTelemetry collector: takes OTLP/HTTP JSON exports and keeps the spans. */
class OtlpReceiver {
  private constructor(
    private readonly server: http.Server,
    readonly spans: ExportedSpan[],
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const spans: ExportedSpan[] = [];
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
          };
          for (const resource of body.resourceSpans ?? [])
            for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new OtlpReceiver(server, spans);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let harness: Harness;
let receiver: OtlpReceiver;
let processes: SupervisedProcess[] = [];

beforeAll(async () => {
  harness = await Harness.create();
  receiver = await OtlpReceiver.start();
  const env = { ...harness.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, LOG_LEVEL: 'info' };
  const logDir = path.join(os.tmpdir(), `synchub-tracing-${harness.id}`);
  processes = [
    new SupervisedProcess('worker', 'worker', env, logDir),
    new SupervisedProcess('ingester', 'ingest', env, logDir),
  ];
  for (const process of processes) process.start();
});

afterAll(async () => {
  await Promise.all(processes.map((process) => process.stop()));
  await receiver?.close();
  await harness?.close();
});

test('one change is one trace: from the Kafka record, honouring its traceparent, to the message on the domain queue', async () => {
  const traceId = randomBytes(16).toString('hex');
  const sapSpanId = randomBytes(8).toString('hex');
  const matnr = randomId('T').toUpperCase().slice(-10);
  await harness.produce(materialIdoc({ matnr, docnum: 91_001 }), canonicalMaterialNumber(matnr), undefined, {
    headers: { traceparent: `00-${traceId}-${sapSpanId}-01` },
  });

  const store = createRecordStore(harness.aws.documents, harness.config.sync.table);
  await waitFor(
    'the material to be stored and published',
    async () => {
      return (await store.get('material', canonicalMaterialNumber(matnr)))?.publishedVersion !== undefined;
    },
    { timeoutMs: 90_000 },
  );

  const byName = (name: string) =>
    receiver.spans.find((span) => span.traceId === traceId && span.name === name);
  const topic = harness.config.kafka.topics.material;
  const spans = await waitFor(
    'the spans of the change to be exported',
    () => {
      const found = {
        consume: byName(`${topic} process`),
        signal: byName('signal material'),
        apply: byName('apply material'),
        persist: byName('persist'),
        publish: byName('publish'),
      };
      return Object.values(found).every(Boolean)
        ? (found as Record<keyof typeof found, ExportedSpan>)
        : undefined;
    },
    { timeoutMs: 30_000 },
  );
  // One chain: SAP's span -> the ingester's record -> the signal -> the apply activity -> its steps.
  expect(spans.consume.parentSpanId).toBe(sapSpanId);
  expect(spans.signal.parentSpanId).toBe(spans.consume.spanId);
  expect(spans.apply.parentSpanId).toBe(spans.signal.spanId);
  expect(spans.persist.parentSpanId).toBe(spans.apply.spanId);
  expect(spans.publish.parentSpanId).toBe(spans.apply.spanId);
  const attribute = (span: ExportedSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value;
  expect(attribute(spans.apply, 'synchub.entity_key')).toEqual({
    stringValue: canonicalMaterialNumber(matnr),
  });

  // The message on a domain queue carries the trace on to its consumer.
  const queue = harness.queues.analytics!;
  const traceparent = await waitFor('the message on the analytics queue', async () => {
    const received = await harness.aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    const mine = (received.Messages ?? []).find((message) =>
      message.Body?.includes(canonicalMaterialNumber(matnr)),
    );
    return mine?.MessageAttributes?.traceparent?.StringValue;
  });
  expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
});
