import type { AwsEmulator, StackConfig } from '../config/stack-config';
import { StopWaiting, waitFor } from '../util/wait-for';
import { ensureTools, toolPaths } from './install';
import type { Progress } from './progress';
import { runningPid, stopService, tailLog } from './processes';
import { portOpen } from './readiness';
import { awsService, codecService, kafkaService, temporalService, type StackService } from './services';

export class StackError extends Error {
  override readonly name = 'StackError';
}

function services(config: StackConfig): StackService[] {
  const tools = toolPaths(config);
  return [
    temporalService(config, tools),
    kafkaService(config, tools),
    awsService(config, tools),
    codecService(config),
  ];
}

export interface ServiceStatus {
  name: string;
  pid?: number;
  ready: boolean;
  endpoint: string;
  log: string;
}

export async function stackStatus(config: StackConfig): Promise<ServiceStatus[]> {
  return Promise.all(
    services(config).map(async (service) => ({
      name: service.process.name,
      pid: runningPid(service.process),
      ready: await service.ready().catch(() => false),
      endpoint: service.endpoint,
      log: service.process.logFile,
    })),
  );
}

async function bringUp(service: StackService, config: StackConfig, progress: Progress): Promise<boolean> {
  const name = service.process.name;
  if (runningPid(service.process) !== undefined) {
    progress(`${name}: already running, checking readiness`);
  } else {
    for (const port of service.ports) {
      if (await portOpen(config.host, port)) {
        throw new StackError(
          `${name}: port ${port} on ${config.host} is in use by a process this stack did not start; stop it or choose other ports (see SYNCHUB_*_PORT)`,
        );
      }
    }
    progress(`${name}: starting`);
    await service.start();
  }
  try {
    await waitFor(
      `${name} to be ready`,
      async () => {
        if (runningPid(service.process) === undefined) throw new StopWaiting(`${name} exited`);
        return service.ready();
      },
      { timeoutMs: config.readyTimeoutMs, intervalMs: 500 },
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StackError(
      `${name} did not become ready: ${reason}\nlast lines of ${service.process.logFile}:\n${tailLog(service.process)}`,
    );
  }
  await service.afterReady?.();
  progress(`${name}: ready at ${service.endpoint}`);
  return true;
}

/** Installs missing tools, starts what is not running, waits until all answer. Safe to run twice. */
export async function stackUp(config: StackConfig, progress: Progress): Promise<void> {
  await ensureTools(config, progress);
  const results = await Promise.allSettled(
    services(config).map((service) => bringUp(service, config, progress)),
  );
  const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed.length > 0) {
    throw new StackError(
      failed
        .map((result) => (result.reason instanceof Error ? result.reason.message : String(result.reason)))
        .join('\n'),
    );
  }
}

export type StackServiceName = 'temporal' | 'kafka' | 'codec' | AwsEmulator;

function serviceNamed(config: StackConfig, name: StackServiceName): StackService {
  const service = services(config).find((candidate) => candidate.process.name === name);
  if (!service) throw new StackError(`no stack service named ${name}`);
  return service;
}

/** The pid of a running stack service, for fault injection (e.g. SIGSTOP) and diagnostics. */
export function stackServicePid(config: StackConfig, name: StackServiceName): number | undefined {
  return runningPid(serviceNamed(config, name).process);
}

/**
 * Stops one service (SIGTERM with a grace period, or SIGKILL for a crash) and brings it up again on the same
 * state directory, waiting until it answers.
 */
export async function restartStackService(
  config: StackConfig,
  name: StackServiceName,
  progress: Progress,
  options: { crash?: boolean } = {},
): Promise<void> {
  const service = serviceNamed(config, name);
  await stopService(service.process, options.crash ? 0 : 15_000);
  progress(`${name}: ${options.crash ? 'killed' : 'stopped'}, starting again`);
  await bringUp(service, config, progress);
}

/** Stops only the processes this stack started (recorded in its pid files). */
export async function stackDown(config: StackConfig, progress: Progress): Promise<void> {
  await Promise.all(
    services(config).map(async (service) => {
      const stopped = await stopService(service.process);
      progress(`${service.process.name}: ${stopped ? 'stopped' : 'was not running'}`);
    }),
  );
}
