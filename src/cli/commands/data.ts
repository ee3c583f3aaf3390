import * as fs from 'node:fs';
import type { Command } from 'commander';
import { createAwsClients } from '../../clients/aws';
import { loadConfig, type AppConfig } from '../../config/app-config';
import { canonicalKey } from '../../domain/canonical-key';
import { ENTITY_TYPES, type EntityType } from '../../domain/entity';
import { compareVersions } from '../../domain/version';
import { createRecordStore, type RecordStore } from '../../adapters/record-store';
import { UserError } from '../errors';
import { SYSTEM_OPTION, systemOption } from '../system-option';

/** `type key` or, for another SAP system than the default, `type key of system ERP2`. */
function entityName(type: string, key: string, system: string, defaultSystem: string): string {
  return system === defaultSystem ? `${type} ${key}` : `${type} ${key} of system ${system}`;
}

function entityType(value: string): EntityType {
  if (!(ENTITY_TYPES as readonly string[]).includes(value)) {
    throw new UserError(`unknown entity type "${value}"; known types: ${ENTITY_TYPES.join(', ')}`);
  }
  return value as EntityType;
}

export function registerDataCommands(program: Command): void {
  program
    .command('provision')
    .description(
      'create the DynamoDB table, SNS topic, domain SQS queues (with DLQs) and Kafka topics if missing',
    )
    .action(async () => {
      const { provisionAll } = await import('./stack');
      const result = await provisionAll(loadConfig());
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });

  program
    .command('produce')
    .description(
      'publish an SAP document (IDoc XML) to the Kafka topic of its entity type; exits 0 once Kafka acknowledged it',
    )
    .argument('<file>', 'path to the document')
    .option('-t, --topic <topic>', 'send to this topic instead of the one derived from the document')
    .option('-k, --key <key>', 'Kafka record key (default: the entity key)')
    .action(async (file: string, options: { topic?: string; key?: string }) => {
      if (!fs.existsSync(file)) throw new UserError(`no such file: ${file}`);
      const [{ createKafka, createProducer }, { decodeRecord }, { createLogger }] = await Promise.all([
        import('../../clients/kafka'),
        import('../../ingest/decode-record'),
        import('../../logger'),
      ]);
      const value = fs.readFileSync(file);
      const config = loadConfig();
      const decoded = decodeRecord(value);
      const first = decoded.changes[0];
      if (!options.topic && !first) {
        const reason = decoded.failures[0]?.message ?? 'no IDoc found';
        throw new UserError(
          `cannot tell which topic ${file} belongs to: ${reason} (use --topic to send it anyway)`,
        );
      }
      const topic = options.topic ?? config.kafka.topics[first!.ref.entityType];
      const key = options.key ?? first?.ref.entityKey ?? null;
      const producer = createProducer(
        createKafka(config.kafka, createLogger('warn', 'produce', 'stderr'), '-cli'),
      );
      await producer.connect();
      try {
        const [meta] = await producer.send({ topic, acks: -1, messages: [{ key, value }] });
        process.stdout.write(
          `produced ${file} to ${topic} partition ${meta?.partition} offset ${meta?.baseOffset}` +
            (first
              ? ` (${decoded.changes.length} change(s), first: ${first.ref.entityType} ${first.ref.entityKey} version ${first.ref.version})`
              : '') +
            '\n',
        );
      } finally {
        await producer.disconnect();
      }
    });

  program
    .command('get')
    .description('print the stored canonical record of an entity as JSON (exit 1 if not found)')
    .argument('<type>', `entity type (${ENTITY_TYPES.join(', ')})`)
    .argument('<key>', 'business key; numeric keys may be given without leading zeros')
    .option(...SYSTEM_OPTION)
    .action(async (typeArg: string, keyArg: string, options: { system?: string }) => {
      const type = entityType(typeArg);
      const key = canonicalKey(type, keyArg);
      await withStore(async (store, config) => {
        const system = systemOption(config, options.system);
        const record = await store.get(type, key, system);
        if (!record)
          throw new UserError(
            `not found: ${entityName(type, key, system, config.sync.systems.defaultSystem)}`,
          );
        process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      });
    });

  program
    .command('history')
    .description('print every stored version of an entity, oldest first, each naming its source document')
    .argument('<type>', `entity type (${ENTITY_TYPES.join(', ')})`)
    .argument('<key>', 'business key')
    .option(
      '--superseded',
      'also the versions never applied because a newer one overtook them (coalescing), in version order, ' +
        'marked "superseded": true',
    )
    .option(...SYSTEM_OPTION)
    .action(async (typeArg: string, keyArg: string, options: { superseded?: boolean; system?: string }) => {
      const type = entityType(typeArg);
      const key = canonicalKey(type, keyArg);
      await withStore(async (store, config) => {
        const system = systemOption(config, options.system);
        const versions: { version: string }[] = await store.history(type, key, system);
        if (options.superseded) {
          const superseded = await store.superseded(type, key, system);
          versions.push(...superseded.map((item) => ({ ...item, superseded: true })));
          versions.sort((a, b) => compareVersions(a.version, b.version));
        }
        if (versions.length === 0) {
          // An erased entity has no versions left: its tombstone is all there is to show.
          const current = await store.get(type, key, system);
          if (current?.erased) versions.push(current);
        }
        if (versions.length === 0)
          throw new UserError(
            `not found: ${entityName(type, key, system, config.sync.systems.defaultSystem)}`,
          );
        for (const version of versions) process.stdout.write(`${JSON.stringify(version)}\n`);
      });
    });

  program
    .command('changed')
    .description('print the current records of a type changed since a time, one JSON object per line')
    .argument('<type>', `entity type (${ENTITY_TYPES.join(', ')})`)
    .requiredOption('-s, --since <time>', 'ISO-8601 time, e.g. 2026-11-21T00:00:00Z')
    .option('-l, --limit <n>', 'at most this many', (value) => positiveCount(value, '--limit'))
    .option(...SYSTEM_OPTION)
    .action(async (typeArg: string, options: { since: string; limit?: number; system?: string }) => {
      const type = entityType(typeArg);
      const since = new Date(options.since);
      if (Number.isNaN(since.getTime())) throw new UserError(`--since: not a time: ${options.since}`);
      await withStore(async (store, config) => {
        const system = systemOption(config, options.system);
        // Each page is written as soon as it is read, so the first lines show without waiting for the rest,
        // and a reader that went away (`| head`) ends the command at the next page.
        const pages = store.changedSince(type, since.toISOString(), {
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
          firstPageSize: FIRST_PAGE_SIZE,
          system,
        });
        for await (const page of pages) {
          process.stdout.write(page.map((record) => `${JSON.stringify(record)}\n`).join(''));
        }
      });
    });
}

/** Records in the first page `changed` reads; later pages double. */
const FIRST_PAGE_SIZE = 50;

function positiveCount(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UserError(`${option}: expected a whole number of at least 1, got "${value}"`);
  return Number(value);
}

async function withStore(work: (store: RecordStore, config: AppConfig) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const aws = createAwsClients(config.aws);
  try {
    await work(
      createRecordStore(aws.documents, config.sync.table, {
        defaultSystem: config.sync.systems.defaultSystem,
      }),
      config,
    );
  } finally {
    aws.destroy();
  }
}
