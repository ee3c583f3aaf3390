import type { Command } from 'commander';
import { loadConfig } from '../../config/app-config';
import type { ReplayBound } from '../../shared/replay-types';
import type { replay } from '../../workflows';
import type { ReplayProgress } from '../../workflows/replay-messages';
import { UserError } from '../errors';
import { systemOption } from '../system-option';

/** `beginning`, `end`, an ISO-8601 time, or an offset (applied to every partition). */
export function parseBound(value: string, option: string): ReplayBound {
  if (value === 'beginning' || value === 'end') return { kind: value };
  if (/^\d+$/.test(value)) return { kind: 'offset', offset: value };
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UserError(`${option}: expected beginning, end, an ISO-8601 time or an offset, got "${value}"`);
  return { kind: 'time', ms };
}

function bar(progress: ReplayProgress): string {
  const ratio = progress.total === 0 ? 1 : Math.min(1, progress.read / progress.total);
  const filled = Math.round(ratio * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${Math.round(ratio * 100)}% ${progress.read}/${progress.total} records, ${progress.routed} changes, ${progress.quarantined} quarantined`;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      're-drive entity workflows from a range of Kafka history (idempotent; restores a table that lost data), ' +
        'as a Temporal workflow you can also start and watch with the temporal CLI',
    )
    .requiredOption('-t, --topic <topic>', 'Kafka topic to replay')
    .option('--from <bound>', 'beginning, an ISO-8601 time, or an offset', 'beginning')
    .option('--to <bound>', 'end (the current end), an ISO-8601 time, or an offset', 'end')
    .option('--batch <n>', 'records per activity call', (value) => Number.parseInt(value, 10), 500)
    .option('--system <alias>', 'only the changes of this SAP system (SYNCHUB_SAP_SYSTEMS); default: all')
    .action(async (options: { topic: string; from: string; to: string; batch: number; system?: string }) => {
      const [{ connectClient }, { replayProgressQuery }, { describeWorkflowFailure }] = await Promise.all([
        import('../../clients/temporal'),
        import('../../workflows/replay-messages'),
        import('../workflow-failure'),
      ]);
      const config = loadConfig();
      const system = options.system === undefined ? undefined : systemOption(config, options.system);
      const client = await connectClient(config.temporal);
      try {
        const workflowId = `replay:${options.topic}:${new Date().toISOString()}`;
        const handle = await client.workflow.start<typeof replay>('replay', {
          workflowId,
          taskQueue: config.temporal.taskQueue,
          args: [
            {
              topic: options.topic,
              from: parseBound(options.from, '--from'),
              to: parseBound(options.to, '--to'),
              batchSize: options.batch,
              ...(system !== undefined ? { system } : {}),
            },
          ],
        });
        process.stderr.write(`replay workflow ${workflowId}\n`);
        const tty = process.stderr.isTTY;
        const result = handle.result();
        // Settles either way: a failed, terminated or timed-out replay ends the wait as well as a finished one.
        let settled = false;
        const outcome = result.then(
          () => (settled = true),
          () => (settled = true),
        );
        let drawn = false;
        while (!settled) {
          try {
            const progress = await handle.query(replayProgressQuery);
            process.stderr.write(tty ? `\r${bar(progress)}` : `${bar(progress)}\n`);
            drawn = true;
          } catch {
            /* not started yet, or between runs */
          }
          let pause: NodeJS.Timeout | undefined;
          await Promise.race([
            outcome,
            new Promise((resolve) => (pause = setTimeout(resolve, tty ? 500 : 2_000))),
          ]);
          clearTimeout(pause);
        }
        let final: ReplayProgress;
        try {
          final = await result;
        } catch (error) {
          if (tty && drawn) process.stderr.write('\n');
          throw new UserError(`replay workflow ${workflowId} failed: ${describeWorkflowFailure(error)}`);
        }
        process.stderr.write(`${tty ? '\r' : ''}${bar(final)}\n`);
        process.stdout.write(`${JSON.stringify(final)}\n`);
      } finally {
        await client.connection.close();
      }
    });
}
