import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { AppConfig } from '../../src/config/app-config';
import { toolPaths } from '../../src/stack/install';

const execFileAsync = promisify(execFile);

export const SYNCHUB_BIN = path.resolve(__dirname, '..', '..', 'bin', 'synchub.js');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `synchub <args>` as its own process, its stdout read by a reader that closes its end of the pipe once
 * it has `lines` lines (as `synchub ... | head -n <lines>` does), or reads to the end when `lines` is absent.
 * `stdout` holds what the reader took.
 */
export function runSynchub(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; lines?: number; timeoutMs?: number } = {},
): Promise<CliExit> {
  const child = spawn(process.execPath, [SYNCHUB_BIN, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const { lines } = options;
    if (lines === undefined || child.stdout.destroyed) return;
    const parts = stdout.split('\n');
    if (parts.length <= lines) return; // fewer than `lines` complete lines so far
    stdout = `${parts.slice(0, lines).join('\n')}\n`;
    child.stdout.destroy();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`synchub ${args.join(' ')} did not exit within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The environment of an operator's `temporal` CLI on the embedded stack, as the runbook sets it: payloads
 * encrypted with the stack's own keys are decoded through the stack's codec server.
 */
export function operatorCliEnv(config: AppConfig): NodeJS.ProcessEnv {
  const keys = config.temporal.codecKeys;
  const stackKeys = keys !== undefined && 'file' in keys && keys.file === config.stack.codecKeysFile;
  return {
    ...process.env,
    ...(stackKeys
      ? { TEMPORAL_CODEC_ENDPOINT: `http://${config.stack.host}:${config.stack.codecPort}` }
      : {}),
  };
}

/**
 * Runs the stack's `temporal` CLI as an operator would. Asynchronously: the worker that answers a query may
 * run in the calling process.
 */
export async function temporalCli(config: AppConfig, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(
      toolPaths(config.stack).temporal,
      [...args, '--address', config.temporal.address],
      { env: operatorCliEnv(config) },
    );
    return stdout;
  } catch (error) {
    throw new Error(
      `temporal ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`,
    );
  }
}
