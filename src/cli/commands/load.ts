import * as path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, sapServiceOf } from '../../config/app-config';
import type { EntityType } from '../../domain/entity';
import type { LoadMessage, LoadProgress } from '../../load/initial-load';
import { LOAD_TARGETS } from '../../load/targets';
import { formatElapsed } from '../../stack/progress';
import { UserError } from '../errors';
import { SYSTEM_OPTION, systemOption } from '../system-option';

/** Kafka records of one send: well under the broker's default limit of 1 MB per request. */
const SEND_BYTES = 512 * 1024;

interface LoadOptions {
  pageSize: number;
  rate?: number;
  stateFile?: string;
  restart?: boolean;
  dryRun?: boolean;
  serviceUrl?: string;
  system?: string;
}

function positive(option: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0) throw new UserError(`${option} must be a positive number`);
    return number;
  };
}

function describeProgress(progress: LoadProgress): string {
  const total = progress.total === undefined ? '' : ` of ${progress.total}`;
  const percent =
    progress.total === undefined || progress.total === 0
      ? ''
      : ` (${Math.floor((progress.produced * 100) / progress.total)}%)`;
  const eta =
    progress.etaMs === undefined || progress.done ? '' : `, about ${formatElapsed(progress.etaMs)} left`;
  const skipped = progress.skipped > 0 ? `, ${progress.skipped} skipped` : '';
  return (
    `${progress.produced}${total} entities${percent}, ${progress.pages} pages, ` +
    `${progress.rate.toFixed(1)}/s${skipped}${eta}`
  );
}

/** Progress on stderr: one line rewritten in place on a terminal, else a line every 10 seconds. */
function progressReporter(): (progress: LoadProgress) => void {
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (progress) => {
    const line = describeProgress(progress);
    if (tty) {
      process.stderr.write(`\r\x1b[2K${line}${progress.done ? '\n' : ''}`);
    } else if (progress.done || Date.now() - lastLine >= 10_000) {
      lastLine = Date.now();
      process.stderr.write(`${line}\n`);
    }
  };
}

/** Messages in sends of at most SEND_BYTES (a larger message goes alone). */
function chunks(messages: LoadMessage[]): LoadMessage[][] {
  const result: LoadMessage[][] = [];
  let chunk: LoadMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.value) + message.key.length + 64;
    if (chunk.length > 0 && bytes + size > SEND_BYTES) {
      result.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(message);
    bytes += size;
  }
  if (chunk.length > 0) result.push(chunk);
  return result;
}

export function registerLoadCommand(program: Command): void {
  const types = Object.keys(LOAD_TARGETS).join(', ');
  program
    .command('load')
    .description(
      "read every entity of a type from SAP's OData API and produce each as a change to its Kafka topic " +
        '(initial load; resumable, rate-limited)',
    )
    .argument('<type>', `entity type (${types})`)
    .option('--page-size <n>', 'entities per request ($top)', positive('--page-size'), 500)
    .option(
      '--rate <n>',
      "requests per second toward SAP (default: the system's limit, SYNCHUB_SAP_RATE_LIMIT or SYNCHUB_SAP_RATE_LIMITS)",
      positive('--rate'),
    )
    .option('--state-file <file>', 'checkpoint file (default: <SYNCHUB_STATE_DIR>/load-<type>.json)')
    .option('--restart', 'start over from the first page, ignoring the checkpoint')
    .option(...SYSTEM_OPTION)
    .option('--dry-run', 'read and count every entity, produce nothing, keep no checkpoint')
    .option(
      '--service-url <url>',
      "OData service root (default: the system's, from SYNCHUB_SAP_*ODATA_URL or SYNCHUB_SAP_ODATA_URLS)",
    )
    .addHelpText(
      'after',
      `
The load resumes from its checkpoint when run again after an interruption (Ctrl-C finishes the page in
hand, saves the checkpoint and exits with code 130). Each entity's version is its own last change time, so
a load never replaces a newer change that arrived meanwhile.

Examples:
  synchub load material --page-size 1000 --rate 5
  synchub load businessPartner --restart`,
    )
    .action(async (typeArg: string, options: LoadOptions) => {
      const target = LOAD_TARGETS[typeArg as EntityType];
      if (target === undefined) throw new UserError(`cannot load "${typeArg}"; loadable types: ${types}`);
      const [
        { createSapODataClient },
        { runInitialLoad },
        { createKafka, createProducer },
        { createLogger },
      ] = await Promise.all([
        import('../../adapters/sap-odata-client'),
        import('../../load/initial-load'),
        import('../../clients/kafka'),
        import('../../logger'),
      ]);
      const config = loadConfig();
      const system = systemOption(config, options.system);
      // The system's own service, credentials and rate (the default system's: SYNCHUB_SAP_ODATA_URL...).
      const service = sapServiceOf(config, system);
      const serviceUrl =
        options.serviceUrl ?? (target.entityType === 'material' ? service.productODataUrl : service.odataUrl);
      if (serviceUrl === undefined) {
        throw new UserError(
          service.variable === 'SYNCHUB_SAP_ODATA_URL'
            ? `no OData service to read ${target.entitySet} from: set SYNCHUB_SAP_ODATA_URL ` +
                `(or SYNCHUB_SAP_PRODUCT_ODATA_URL), or pass --service-url`
            : `no OData service of SAP system ${system} to read ${target.entitySet} from: add ` +
                `${system}=<its API_BUSINESS_PARTNER URL> to SYNCHUB_SAP_ODATA_URLS, or pass --service-url`,
        );
      }
      const odata = createSapODataClient({
        baseUrl: serviceUrl,
        username: service.username,
        password: service.password,
        apiKey: service.apiKey,
        timeoutMs: config.sap.timeoutMs,
        maxResponseBytes: config.sap.maxResponseBytes,
      });
      const topic = config.kafka.topics[target.entityType];
      const stateFile =
        options.stateFile ??
        path.join(
          config.stack.stateDir,
          system === config.sync.systems.defaultSystem
            ? `load-${target.entityType}.json`
            : `load-${target.entityType}-${system}.json`,
        );

      let stop = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stop) process.exit(signal === 'SIGINT' ? 130 : 143);
        stop = true;
        process.stderr.write(`\n${signal}: finishing the page in hand, then saving the checkpoint\n`);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      const producer = options.dryRun
        ? undefined
        : createProducer(createKafka(config.kafka, createLogger('warn', 'load', 'stderr'), '-load'));
      await producer?.connect();
      try {
        const result = await runInitialLoad({
          target,
          odata,
          serviceUrl,
          system,
          ...(producer
            ? {
                produce: async (messages: LoadMessage[]) => {
                  for (const chunk of chunks(messages))
                    await producer.send({ topic, acks: -1, messages: chunk });
                },
                checkpointFile: stateFile,
              }
            : {}),
          pageSize: options.pageSize,
          rate: options.rate ?? service.rateLimit,
          restart: options.restart === true,
          onProgress: progressReporter(),
          onSkipped: (message) => process.stderr.write(`skipped: ${message}\n`),
          stopRequested: () => stop,
        });
        const { checkpoint } = result;
        const where = producer ? ` to ${topic}` : ' (dry run: nothing produced)';
        if (result.status === 'alreadyDone') {
          process.stdout.write(
            `the load of ${target.entityType} in ${stateFile} is complete (${checkpoint.produced} entities); ` +
              'run with --restart to load again\n',
          );
        } else if (result.status === 'interrupted') {
          process.stdout.write(
            `interrupted: ${checkpoint.produced} ${target.entityType} entities produced${where}; ` +
              `checkpoint in ${stateFile}, run the same command to resume\n`,
          );
          process.exitCode = 130;
        } else {
          const resumed = result.resumedFrom ? ` (resumed at $skip=${result.resumedFrom.skip})` : '';
          process.stdout.write(
            `loaded ${checkpoint.produced} ${target.entityType} entities from ${target.entitySet}${where}` +
              `${resumed}${result.skipped > 0 ? `; ${result.skipped} skipped (see above)` : ''}\n`,
          );
        }
      } finally {
        await producer?.disconnect();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
