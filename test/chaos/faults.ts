import type { StackConfig } from '../../src/config/stack-config';
import { restartStackService, stackServicePid } from '../../src/stack/stack';
import { waitFor } from '../../src/util/wait-for';
import type { SupervisedProcess } from '../support/synchub-process';

export type FaultKind =
  | 'worker-sigkill'
  | 'worker-sigterm'
  | 'ingester-sigkill'
  | 'ingester-sigterm'
  | 'ingester-rebalance'
  | 'kafka-restart'
  | 'temporal-restart'
  | 'aws-outage'
  | 'hot-entity-burst';

export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  'worker-sigkill': 'worker SIGKILLed mid-stream, restarted',
  'worker-sigterm': 'worker SIGTERMed mid-stream (graceful), restarted',
  'ingester-sigkill': 'ingester SIGKILLed mid-stream, restarted',
  'ingester-sigterm': 'ingester SIGTERMed mid-stream (graceful), restarted',
  'ingester-rebalance': 'second ingester joins the group, one of the two SIGKILLed (two rebalances)',
  'kafka-restart': 'Kafka broker SIGKILLed and restarted on its log directory',
  'temporal-restart': 'Temporal dev server SIGKILLed and restarted on its SQLite file',
  'aws-outage': 'AWS emulator stopped (SIGSTOP) for the outage, then continued',
  'hot-entity-burst': 'hundreds of versions of one material (about 7.6 KB each) produced at once',
};

export interface ScheduledFault {
  /** Seconds after the stream started. */
  at: number;
  kind: FaultKind;
}

export interface InjectedFault {
  kind: FaultKind;
  startedAt: number;
  endedAt: number;
  detail: string;
}

export interface FaultTargets {
  stack: StackConfig;
  worker: SupervisedProcess;
  ingesters: SupervisedProcess[];
  /** Creates one more ingester process (same consumer group). */
  spawnIngester(): SupervisedProcess;
  awsOutageSeconds: number;
  /** Produces the plan's burst of one hot material at once; says what it sent. */
  burst(): Promise<string>;
  /** Members of the ingesters' consumer group that hold partitions. */
  groupMembers(): Promise<number>;
  log(message: string): void;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function killAndRestart(target: SupervisedProcess, signal: NodeJS.Signals): Promise<string> {
  const exit = await target.kill(signal);
  await pause(1_000);
  target.start();
  return `${target.name} pid ${exit.pid} exited (${exit.signal ?? `code ${exit.code}`}), restarted`;
}

async function inject(kind: FaultKind, targets: FaultTargets): Promise<string> {
  const ingester = targets.ingesters[0];
  if (!ingester) throw new Error('no ingester to inject faults into');
  switch (kind) {
    case 'worker-sigkill':
      return killAndRestart(targets.worker, 'SIGKILL');
    case 'worker-sigterm':
      return killAndRestart(targets.worker, 'SIGTERM');
    case 'ingester-sigkill':
      return killAndRestart(ingester, 'SIGKILL');
    case 'ingester-sigterm':
      return killAndRestart(ingester, 'SIGTERM');
    case 'ingester-rebalance': {
      const second = targets.spawnIngester();
      second.start();
      // The newcomer has joined once the group rebalanced and both members hold partitions.
      await waitFor('two ingesters in the consumer group', async () => (await targets.groupMembers()) >= 2, {
        timeoutMs: 90_000,
        intervalMs: 1_000,
      });
      const exit = await ingester.kill('SIGKILL');
      targets.ingesters.splice(targets.ingesters.indexOf(ingester), 1);
      return `${second.name} joined; ${ingester.name} pid ${exit.pid} SIGKILLed, ${second.name} carries on alone`;
    }
    case 'kafka-restart':
      await restartStackService(targets.stack, 'kafka', targets.log, { crash: true });
      return 'broker killed and back';
    case 'temporal-restart':
      await restartStackService(targets.stack, 'temporal', targets.log, { crash: true });
      return 'dev server killed and back on the same database';
    case 'hot-entity-burst':
      return targets.burst();
    case 'aws-outage': {
      const pid = stackServicePid(targets.stack, targets.stack.awsEmulator);
      if (pid === undefined) throw new Error('AWS emulator is not running');
      process.kill(pid, 'SIGSTOP');
      try {
        await pause(targets.awsOutageSeconds * 1_000);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      return `emulator pid ${pid} stopped for ${targets.awsOutageSeconds} s`;
    }
  }
}

/** Runs the schedule in order, each fault at its time (or right after the previous one if that ran late). */
export async function runFaultSchedule(
  schedule: ScheduledFault[],
  targets: FaultTargets,
  startedAt: number,
): Promise<InjectedFault[]> {
  const injected: InjectedFault[] = [];
  for (const fault of schedule) {
    const wait = startedAt + fault.at * 1_000 - Date.now();
    if (wait > 0) await pause(wait);
    const begin = Date.now();
    targets.log(`fault ${fault.kind}: ${FAULT_DESCRIPTIONS[fault.kind]}`);
    const detail = await inject(fault.kind, targets);
    injected.push({ kind: fault.kind, startedAt: begin, endedAt: Date.now(), detail });
    targets.log(`fault ${fault.kind} done in ${((Date.now() - begin) / 1000).toFixed(1)} s: ${detail}`);
  }
  return injected;
}
