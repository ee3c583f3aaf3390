import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A background service started by the stack: its pid file records pid and the marker that must appear in
 * its command line, so `down` never signals a process it did not start (e.g. a reused pid).
 */
export interface ServiceProcess {
  name: string;
  pidFile: string;
  logFile: string;
}

interface PidRecord {
  pid: number;
  marker: string;
  startedAt: string;
}

export function serviceProcess(stateDir: string, name: string): ServiceProcess {
  return {
    name,
    pidFile: path.join(stateDir, 'run', `${name}.pid.json`),
    logFile: path.join(stateDir, 'logs', `${name}.log`),
  };
}

function readPidRecord(service: ServiceProcess): PidRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(service.pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** The pid of the service if the process we started is still alive. */
export function runningPid(service: ServiceProcess): number | undefined {
  const record = readPidRecord(service);
  if (!record) return undefined;
  const cmdline = commandLine(record.pid);
  return cmdline?.includes(record.marker) ? record.pid : undefined;
}

export function startDetached(
  service: ServiceProcess,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; marker: string },
): number {
  fs.mkdirSync(path.dirname(service.pidFile), { recursive: true });
  fs.mkdirSync(path.dirname(service.logFile), { recursive: true });
  const log = fs.openSync(service.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`${service.name} could not be started (${command})`);
  child.unref();
  const record: PidRecord = { pid: child.pid, marker: options.marker, startedAt: new Date().toISOString() };
  fs.writeFileSync(service.pidFile, JSON.stringify(record));
  return child.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !alive(pid);
}

/** SIGTERM, then SIGKILL after `graceMs` (0: SIGKILL at once, a crash). Returns false if it was not running. */
export async function stopService(service: ServiceProcess, graceMs = 15_000): Promise<boolean> {
  const pid = runningPid(service);
  fs.rmSync(service.pidFile, { force: true });
  if (pid === undefined) return false;
  // The service leads its own process group (detached), so children such as a JVM go too.
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  if (graceMs > 0) signal('SIGTERM');
  if (graceMs <= 0 || !(await waitForExit(pid, graceMs))) {
    signal('SIGKILL');
    await waitForExit(pid, 5_000);
  }
  return true;
}

export function tailLog(service: ServiceProcess, lines = 20): string {
  try {
    return fs.readFileSync(service.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
