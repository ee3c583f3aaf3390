import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}

/** Runs a command to completion, its output appended to `logFile`; rejects naming the log on failure. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<void> {
  const log = fs.openSync(options.logFile, 'a');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', log, log],
    });
    child.on('error', (error) =>
      reject(new CommandFailedError(`${command} could not start: ${error.message}`)),
    );
    child.on('exit', (code, signal) => {
      fs.closeSync(log);
      if (code === 0) resolve();
      else
        reject(
          new CommandFailedError(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${options.logFile}`,
          ),
        );
    });
  });
}

/** Like `runCommand`, but resolves with the command's standard output (its standard error goes to `logFile`). */
export function commandOutput(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile: string },
): Promise<string> {
  const log = fs.openSync(options.logFile, 'a');
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', log],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) =>
      reject(new CommandFailedError(`${command} could not start: ${error.message}`)),
    );
    child.on('close', (code, signal) => {
      fs.closeSync(log);
      const output = Buffer.concat(chunks).toString('utf8');
      fs.appendFileSync(options.logFile, output);
      if (code === 0) resolve(output);
      else
        reject(
          new CommandFailedError(
            `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); see ${options.logFile}`,
          ),
        );
    });
  });
}
