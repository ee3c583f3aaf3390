import type { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import { canonicalKey } from '../../domain/canonical-key';
import { ENTITY_TYPES, type EntityType } from '../../domain/entity';
import { UserError } from '../errors';
import { SYSTEM_OPTION, systemOption } from '../system-option';

function entityType(value: string): EntityType {
  if (!(ENTITY_TYPES as readonly string[]).includes(value)) {
    throw new UserError(`unknown entity type "${value}"; known types: ${ENTITY_TYPES.join(', ')}`);
  }
  return value as EntityType;
}

function required(value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw new UserError(`${option} is required and not empty`);
  return value.trim();
}

export function registerEraseCommands(program: Command): void {
  program
    .command('erase')
    .description(
      'erase an entity on request (GDPR): delete its stored versions, keep a tombstone that stops replays, ' +
        'end and delete its workflow runs, tell the domains (changeType "erased"); idempotent',
    )
    .argument('<type>', `entity type (${ENTITY_TYPES.join(', ')})`)
    .argument('<key>', 'business key; numeric keys may be given without leading zeros')
    .requiredOption('--by <who>', 'who asked, for the erasure register (no personal data of the subject)')
    .requiredOption('--reason <text>', 'why, e.g. the request reference (no personal data of the subject)')
    .option(...SYSTEM_OPTION)
    .action(
      async (typeArg: string, keyArg: string, options: { by?: string; reason?: string; system?: string }) => {
        const type = entityType(typeArg);
        const key = canonicalKey(type, keyArg);
        const by = required(options.by, '--by');
        const reason = required(options.reason, '--reason');
        const [
          { createAwsClients },
          { connectClient },
          { createRecordStore },
          { createChangePublisher },
          { planViews },
          erasure,
        ] = await Promise.all([
          import('../../clients/aws'),
          import('../../clients/temporal'),
          import('../../adapters/record-store'),
          import('../../adapters/change-publisher'),
          import('../../config/domain-views'),
          import('../../erasure/erase-entity'),
        ]);
        const config = loadConfig();
        const system = systemOption(config, options.system);
        const { defaultSystem } = config.sync.systems;
        const aws = createAwsClients(config.aws);
        const client = await connectClient(config.temporal);
        try {
          const report = await erasure.eraseEntity(
            {
              store: createRecordStore(aws.documents, config.sync.table, { defaultSystem }),
              publisher: createChangePublisher(aws.sns, config.sync.snsTopicArn, planViews(config.domains), {
                defaultSystem,
              }),
              client,
              namespace: config.temporal.namespace,
              defaultSystem,
            },
            { entityType: type, entityKey: key, by, reason, system },
          );
          process.stderr.write(
            report.status === 'alreadyErased'
              ? `${type} ${key} was already erased; the erasure ran again (tombstone kept, erase message sent again)\n`
              : `erased ${type} ${key}: ${report.deletedItems} item(s) deleted, tombstone at version ${report.version}\n`,
          );
          if (!report.workflowGone)
            process.stderr.write(
              'Temporal is still deleting the workflow runs (asynchronous): run the erasure again to check\n',
            );
          process.stdout.write(`${JSON.stringify(report)}\n`);
        } catch (error) {
          if (error instanceof erasure.UnknownEntityError) throw new UserError(error.message);
          throw error;
        } finally {
          await client.connection.close();
          aws.destroy();
        }
      },
    );

  program
    .command('erasures')
    .description(
      'print the erasure register (who erased what, when and why), oldest first, one JSON per line',
    )
    .option('--type <type>', 'only this entity type')
    .option('--key <key>', 'only this key (with --type)')
    .action(async (options: { type?: string; key?: string }) => {
      const type = options.type === undefined ? undefined : entityType(options.type);
      if (options.key !== undefined && type === undefined) throw new UserError('--key needs --type');
      const key = type && options.key !== undefined ? canonicalKey(type, options.key) : undefined;
      const [{ createAwsClients }, { createRecordStore }] = await Promise.all([
        import('../../clients/aws'),
        import('../../adapters/record-store'),
      ]);
      const config = loadConfig();
      const aws = createAwsClients(config.aws);
      try {
        const entries = await createRecordStore(aws.documents, config.sync.table).erasures();
        for (const entry of entries) {
          if (type !== undefined && entry.entityType !== type) continue;
          if (key !== undefined && entry.entityKey !== key) continue;
          process.stdout.write(`${JSON.stringify(entry)}\n`);
        }
      } finally {
        aws.destroy();
      }
    });
}
