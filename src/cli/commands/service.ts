import type { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import { UserError } from '../errors';

/** What running the service needs; loaded only by the service commands (the Temporal worker is heavy). */
async function serviceModules() {
  const [{ createLogger }, { stderrProgress }, { runService }, { upAndProvision }] = await Promise.all([
    import('../../logger'),
    import('../../stack/progress'),
    import('../../workers/run-service'),
    import('./stack'),
  ]);
  return { createLogger, stderrProgress, runService, upAndProvision };
}

export function registerServiceCommands(program: Command): void {
  program
    .command('start')
    .description(
      'run worker, ingester and HTTP API in the foreground; with no TEMPORAL_ADDRESS / KAFKA_BROKERS / AWS_ENDPOINT_URL set, brings the embedded local stack up first',
    )
    .action(async () => {
      const { createLogger, stderrProgress, runService, upAndProvision } = await serviceModules();
      const config = loadConfig();
      const logger = createLogger(config.logLevel, 'synchub', 'stdout', config.logFormat);
      if (config.localStack) {
        await upAndProvision(config, stderrProgress);
        const { stack } = config;
        process.stderr.write(
          [
            '',
            'SyncHub is running on the embedded local stack.',
            `  Temporal Web UI   http://${stack.host}:${stack.temporalUiPort}/namespaces/${config.temporal.namespace}/workflows`,
            `  Kafka             ${config.kafka.brokers.join(',')}  (material topic: ${config.kafka.topics.material})`,
            `  AWS emulator      ${config.aws.endpoints.dynamodb}  (table ${config.sync.table})`,
            ...(config.http.port === 'off'
              ? []
              : [
                  `  HTTP API          http://${config.http.host}:${config.http.port}/docs  (metrics: /metrics)`,
                ]),
            '  Send a document   npx synchub produce test/fixtures/sap/MATMAS05_full_material.xml',
            '  Read it back      npx synchub get material FG-1000',
            '  Stop              Ctrl-C (the stack keeps running; `npx synchub stack down` stops it)',
            '',
          ].join('\n'),
        );
      }
      await runService(config, { worker: true, ingester: true, api: true }, logger);
    });

  program
    .command('worker')
    .description('run the Temporal worker only (entity workflows and their activities)')
    .action(async () => {
      const { createLogger, runService } = await serviceModules();
      const config = loadConfig();
      await runService(
        config,
        { worker: true, ingester: false, api: false },
        createLogger(config.logLevel, 'synchub-worker', 'stdout', config.logFormat),
      );
    });

  program
    .command('ingest')
    .description('run the Kafka ingester only (SAP documents in, entity workflows signalled)')
    .action(async () => {
      const { createLogger, runService } = await serviceModules();
      const config = loadConfig();
      await runService(
        config,
        { worker: false, ingester: true, api: false },
        createLogger(config.logLevel, 'synchub-ingester', 'stdout', config.logFormat),
      );
    });

  program
    .command('serve')
    .description(
      'run the HTTP API only (SYNCHUB_HTTP_PORT, default 8080): inbound IDocs, stored records, sync status, operator actions, /metrics; OpenAPI at /openapi.json, docs at /docs',
    )
    .action(async () => {
      const { createLogger, runService } = await serviceModules();
      const config = loadConfig();
      if (config.http.port === 'off')
        throw new UserError('SYNCHUB_HTTP_PORT is off: set a port (or 0 for any free one) to serve the API');
      await runService(
        config,
        { worker: false, ingester: false, api: true },
        createLogger(config.logLevel, 'synchub-api', 'stdout', config.logFormat),
      );
    });
}
