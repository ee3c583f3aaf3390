import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface ProcessExit {
  name: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit was not caused by the chaos schedule (a crash). */
  unexpected: boolean;
  at: number;
}

/**
 * A SyncHub process (`synchub worker` or `synchub ingest`) run the way a supervisor (systemd, Kubernetes)
 * runs it: logs to a file, restarted after any exit the fault schedule did not cause, and every exit recorded.
 */
export class SupervisedProcess {
  private child?: ChildProcess;
  private expectingExit = false;
  private restarts = 0;
  private stopped = false;
  readonly exits: ProcessExit[] = [];

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  start(): void {
    if (this.pid !== undefined) return;
    fs.mkdirSync(this.logDir, { recursive: true });
    const log = fs.openSync(path.join(this.logDir, `${this.name}.log`), 'a');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'synchub.js'), this.command], {
      cwd: REPO_ROOT,
      env: this.env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    this.expectingExit = false;
    child.once('exit', (code, signal) => {
      const unexpected = !this.expectingExit;
      this.exits.push({ name: this.name, pid: child.pid ?? -1, code, signal, unexpected, at: Date.now() });
      if (unexpected && !this.stopped) {
        this.restarts += 1;
        setTimeout(() => {
          if (!this.stopped) this.start();
        }, 1_000);
      }
    });
  }

  /** Sends `signal` and waits for the exit (SIGKILL is a crash; SIGTERM a graceful shutdown). */
  async kill(signal: NodeJS.Signals, timeoutMs = 60_000): Promise<ProcessExit> {
    const child = this.child;
    if (!child || this.pid === undefined) throw new Error(`${this.name} is not running`);
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`${this.name} did not exit within ${timeoutMs} ms of ${signal}`);
    }
    return this.exits.at(-1)!;
  }

  get unexpectedExits(): ProcessExit[] {
    return this.exits.filter((exit) => exit.unexpected);
  }

  /** Final stop at the end of a run (graceful). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pid !== undefined) await this.kill('SIGTERM').catch(() => undefined);
  }

  get restartCount(): number {
    return this.restarts;
  }
}
