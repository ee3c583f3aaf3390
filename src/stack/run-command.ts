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
