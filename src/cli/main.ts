import { Command } from 'commander';
import { ConfigError } from '../config/env';
import { readSetting } from '../config/settings';
import { MissingPrerequisiteError } from '../stack/prerequisites';
import { registerCheckCommand } from './commands/check';
import { registerDataCommands } from './commands/data';
import { registerEraseCommands } from './commands/erase';
import { registerIamPolicyCommand } from './commands/iam-policy';
import { registerLoadCommand } from './commands/load';
import { registerServiceCommands } from './commands/service';
import { registerReplayCommand } from './commands/replay';
import { registerStackCommands } from './commands/stack';
import { registerTransformCommand } from './commands/transform';
import { PRODUCT_VERSION } from '../shared/version';
import { UserError, describeError } from './errors';
import { stopQuietlyWhenReaderCloses } from './output';

const program = new Command()
  .name('synchub')
  .description(
    'Keeps SAP business data in sync: Kafka in, one Temporal workflow per entity, DynamoDB and SNS/SQS out.',
  )
  .version(PRODUCT_VERSION)
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Environment: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, KAFKA_BROKERS, AWS_REGION,
AWS_ENDPOINT_URL, LOG_LEVEL and the SYNCHUB_* settings (see README, "Configuration"). With none of
TEMPORAL_ADDRESS, KAFKA_BROKERS, AWS_ENDPOINT_URL set, commands use the embedded local stack.

Examples:
  synchub start                         run the service (embedded stack when nothing is configured)
  synchub produce test/fixtures/sap/MATMAS05_full_material.xml
  synchub get material FG-1000
  synchub stack status`,
  );

stopQuietlyWhenReaderCloses(process.stdout);
stopQuietlyWhenReaderCloses(process.stderr);

registerServiceCommands(program);
registerDataCommands(program);
registerEraseCommands(program);
registerTransformCommand(program);
registerReplayCommand(program);
registerLoadCommand(program);
registerStackCommands(program);
registerCheckCommand(program);
registerIamPolicyCommand(program);

program.parseAsync(process.argv).catch(async (error: unknown) => {
  // The stack's module is loaded only here: commands that do not use the stack start faster without it.
  const { StackError } = await import('../stack/stack');
  const known = [UserError, ConfigError, StackError, MissingPrerequisiteError].some(
    (type) => error instanceof type,
  );
  process.stderr.write(`synchub: ${describeError(error)}\n`);
  if (!known && readSetting(process.env, 'LOG_LEVEL') === 'debug' && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = error instanceof UserError ? error.exitCode : 1;
  // A service that failed to start may hold handles that keep Node running (the Temporal SDK's native runtime,
  // its metrics listener): exit anyway, so a supervisor sees the failure instead of a process that hangs.
  setTimeout(() => process.exit(), 1_000).unref();
});
