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
            `  Codec server      http://${stack.host}:${stack.codecPort}  (payloads in Temporal are encrypted${config.temporal.codecKeys ? '' : ': off'})`,
            `  temporal CLI      temporal workflow list --address ${config.temporal.address} --codec-endpoint http://${stack.host}:${stack.codecPort}`,
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
    .command('codec-server')
    .description(
      'run the codec server (SYNCHUB_CODEC_PORT, default 8235): the Temporal Web UI and `temporal --codec-endpoint` decode encrypted payloads through it',
    )
    .action(async () => {
      const [
        { createLogger },
        { createCodecServer },
        { EncryptionCodec },
        { loadKeyRing },
        { onShutdownSignal },
      ] = await Promise.all([
        import('../../logger'),
        import('../../http/codec-server'),
        import('../../clients/payload-codec'),
        import('../../clients/temporal'),
        import('../../workers/shutdown'),
      ]);
      const config = loadConfig();
      const logger = createLogger(config.logLevel, 'synchub-codec', 'stdout', config.logFormat);
      if (!config.temporal.codecKeys)
        throw new UserError(
          'the codec server needs the payload encryption keys: set SYNCHUB_CODEC_KEYS_FILE (or SYNCHUB_CODEC_KEYS)',
        );
      const settings = config.codecServer;
      const server = createCodecServer({
        codec: new EncryptionCodec(loadKeyRing(config.temporal.codecKeys)),
        settings,
        logger,
      });
      await server.listen({ port: settings.port, host: settings.host });
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : settings.port;
      logger.info(
        {
          url: `http://${settings.host}:${port}`,
          origins: settings.origins,
          authorization: settings.authorization ? 'required' : 'none',
        },
        'codec server listening',
      );
      if (settings.origins.length === 0)
        logger.warn('no browser origin may call it (SYNCHUB_CODEC_ORIGINS): only CLIs can use it');
      await new Promise<void>((resolve) => {
        onShutdownSignal(logger, async () => {
          await server.close();
          logger.info('stopped');
          resolve();
        });
      });
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
