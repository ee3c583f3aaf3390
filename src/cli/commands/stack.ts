import type { Command } from 'commander';
import { createAwsClients } from '../../clients/aws';
import { loadConfig, type AppConfig } from '../../config/app-config';
import type { ProvisionResult } from '../../provision/provision';
import { stderrProgress, type Progress } from '../../stack/progress';
import type { ServiceStatus } from '../../stack/stack';

/** Brings the embedded stack up and creates topics, table and queues in it. */
export async function upAndProvision(config: AppConfig, progress: Progress): Promise<ProvisionResult> {
  const { stackUp } = await import('../../stack/stack');
  await stackUp(config.stack, progress);
  const result = await provisionAll(config);
  progress(
    `provisioned table ${result.table}, topic ${result.topicArn}, queues ${result.queues.map((q) => q.domain).join(', ')}`,
  );
  return result;
}

export async function provisionAll(config: AppConfig): Promise<ProvisionResult> {
  const [{ createKafka }, { createLogger }, { provision }] = await Promise.all([
    import('../../clients/kafka'),
    import('../../logger'),
    import('../../provision/provision'),
  ]);
  const aws = createAwsClients(config.aws);
  try {
    return await provision(
      config,
      aws,
      createKafka(config.kafka, createLogger('warn', 'provision', 'stderr')),
      config.domains,
    );
  } finally {
    aws.destroy();
  }
}

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('the embedded local stack (Temporal dev server, Kafka, moto) on loopback, without Docker');

  stack
    .command('up')
    .description(
      'install what is missing, start what is not running, wait until ready, provision topics/table/queues',
    )
    .action(async () => {
      const { stackStatus } = await import('../../stack/stack');
      const config = loadConfig({ ...process.env, SYNCHUB_LOCAL_STACK: 'true' });
      await upAndProvision(config, stderrProgress);
      printStatus(await stackStatus(config.stack));
    });

  stack
    .command('down')
    .description('stop the processes this stack started')
    .action(async () => {
      const { stackDown } = await import('../../stack/stack');
      await stackDown(loadConfig({ ...process.env, SYNCHUB_LOCAL_STACK: 'true' }).stack, stderrProgress);
    });

  stack
    .command('status')
    .description('show each service, its pid and whether it answers (exit 1 if any is down)')
    .action(async () => {
      const { stackStatus } = await import('../../stack/stack');
      const statuses = await stackStatus(loadConfig({ ...process.env, SYNCHUB_LOCAL_STACK: 'true' }).stack);
      printStatus(statuses);
      if (statuses.some((status) => !status.ready)) process.exitCode = 1;
    });
}

function printStatus(statuses: ServiceStatus[]): void {
  for (const status of statuses) {
    const state = status.ready ? 'ready' : status.pid ? 'starting/unhealthy' : 'stopped';
    process.stdout.write(
      `${status.name.padEnd(9)} ${state.padEnd(18)} ${status.pid ? `pid ${status.pid}`.padEnd(12) : ''.padEnd(12)} ${status.endpoint}\n`,
    );
  }
}
